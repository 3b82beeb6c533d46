namespace Lightning.Git.Releases;

/// <summary>Cut a release: the plan's settings, and where the changelog goes.</summary>
/// <param name="ChangelogPath">The changelog file inside the repository to prepend the section to and commit; null tags only.</param>
public sealed record ReleaseRequest(ReleasePlanRequest Plan, string? ChangelogPath = "CHANGELOG.md");
