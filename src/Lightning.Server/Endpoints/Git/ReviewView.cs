using Lightning.Git.Hosting;
using Lightning.Git.Review;

namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// A review with what a hosting provider would be sent: diff-line comments and the summary for the review body;
/// <paramref name="Posted"/> holds the comments as the provider stored them when the review was posted.
/// </summary>
public sealed record ReviewView(
    CodeReviewResult Review, IReadOnlyList<ReviewComment> Comments, string Summary, IReadOnlyList<PostedReviewComment>? Posted = null);
