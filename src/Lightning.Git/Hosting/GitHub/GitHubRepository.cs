namespace Lightning.Git.Hosting.GitHub;

/// <summary>A repository as GitHub describes it, trimmed to what the platform uses.</summary>
public sealed record GitHubRepository(
    long Id, string FullName, string Owner, string Name, string DefaultBranch, bool Private, bool Archived,
    string? Description, string HtmlUrl, string CloneUrl);
