using Semver;

namespace Lightning.Git.Releases;

/// <summary>
/// Where a repository (or package) stands and where its next release goes. <see cref="Next"/> is null when nothing
/// since <see cref="LastRelease"/> is releasable (only docs, chores, ...).
/// </summary>
/// <param name="Current">The highest version tag reachable from HEAD, pre-releases included.</param>
/// <param name="LastRelease">The highest release (not pre-release) tag; the commits after it decide the bump.</param>
/// <param name="Commits">The commits since <see cref="LastRelease"/> (touching the package's path), newest first.</param>
public sealed record NextVersionResult(
    ReleasePackage? Package,
    VersionTag? Current,
    VersionTag? LastRelease,
    VersionBump Bump,
    SemVersion? Next,
    string? NextTag,
    IReadOnlyList<ReleaseCommit> Commits)
{
    public bool HasRelease => Next is not null;
}
