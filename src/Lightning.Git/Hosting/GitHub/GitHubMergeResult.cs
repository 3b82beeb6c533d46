namespace Lightning.Git.Hosting.GitHub;

/// <summary>GitHub's answer to a merge: the resulting commit when it merged.</summary>
public sealed record GitHubMergeResult(bool Merged, string? Sha, string? Message);
