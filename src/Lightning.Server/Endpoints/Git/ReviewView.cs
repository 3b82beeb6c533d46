using Lightning.Git.Hosting;
using Lightning.Git.Review;

namespace Lightning.Server.Endpoints.Git;

/// <summary>A review with what a hosting provider would be sent: diff-line comments and the summary for the review body.</summary>
public sealed record ReviewView(CodeReviewResult Review, IReadOnlyList<ReviewComment> Comments, string Summary);
