namespace Lightning.Git.Insights;

/// <summary>
/// Reviews one person did on the hosting provider (approvals, review submissions), which commit trailers do not
/// record; the caller fetches them from GitHub or GitLab. Matched to authors by e-mail, else by name.
/// </summary>
public sealed record ProviderReviewCount(string Name, string? Email, int Reviews);
