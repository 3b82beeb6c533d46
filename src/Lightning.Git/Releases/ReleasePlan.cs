namespace Lightning.Git.Releases;

/// <summary>
/// Where a repository (or package) stands and what its next release would be: what <c>next-version</c>,
/// <c>changelog</c> and the dashboard's preview show. <see cref="NextVersion"/> is null when nothing is releasable.
/// </summary>
/// <param name="Groups">The releasable history since the last release, by changelog group.</param>
/// <param name="ChangelogSection">The changelog section for the next release (or the unreleased work when there is none).</param>
public sealed record ReleasePlan(
    ReleasePackage? Package,
    string? CurrentVersion,
    string? CurrentTag,
    string? LastReleaseTag,
    string? NextVersion,
    string? NextTag,
    VersionBump Bump,
    IReadOnlyList<ReleaseGroup> Groups,
    IReadOnlyList<ReleaseCommit> Commits,
    string ChangelogSection)
{
    public bool HasRelease => NextVersion is not null;
}
