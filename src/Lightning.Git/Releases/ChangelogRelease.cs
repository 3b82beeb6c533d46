namespace Lightning.Git.Releases;

/// <summary>
/// One release of a changelog: the commits up to and including its tag's commit, after the previous tag. A null
/// <see cref="Tag"/> is the unreleased work on top of the last tag.
/// </summary>
/// <param name="Date">The commit date of the tagged commit (what git-cliff shows); null for unreleased work.</param>
/// <param name="Commits">Newest first, in topological order.</param>
public sealed record ChangelogRelease(string? Tag, DateTimeOffset? Date, IReadOnlyList<ReleaseCommit> Commits)
{
    public bool IsUnreleased => Tag is null;
}
