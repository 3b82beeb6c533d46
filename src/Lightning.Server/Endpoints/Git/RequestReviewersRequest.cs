namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// Ask users (usernames on both providers) and, on GitHub, teams (slugs) to review. Reviewers already asked stay asked.
/// </summary>
public sealed record RequestReviewersRequest(IReadOnlyList<string>? Reviewers = null, IReadOnlyList<string>? TeamReviewers = null);
