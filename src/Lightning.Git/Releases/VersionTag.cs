using Semver;

namespace Lightning.Git.Releases;

/// <summary>A tag that names a version (<c>v1.2.3</c>, <c>api@1.2.3</c>) and the commit it points at.</summary>
public sealed record VersionTag(string Name, SemVersion Version, string CommitSha);
