namespace Lightning.Git.Hosting.GitHub;

/// <summary>A submitted pull request review: <paramref name="State"/> is <c>APPROVED</c>, <c>COMMENTED</c> or <c>CHANGES_REQUESTED</c>.</summary>
public sealed record GitHubReview(long Id, string State, string CommitId, string? HtmlUrl);
