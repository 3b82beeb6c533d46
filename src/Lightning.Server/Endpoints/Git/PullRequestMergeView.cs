namespace Lightning.Server.Endpoints.Git;

/// <summary>The provider's answer to a merge: the resulting commit when it merged.</summary>
public sealed record PullRequestMergeView(bool Merged, string? Sha, string? Message);
