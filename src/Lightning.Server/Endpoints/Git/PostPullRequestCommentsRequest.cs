using Lightning.Git.Hosting;

namespace Lightning.Server.Endpoints.Git;

/// <summary>Comments on lines of the change's diff: each names a file path in the repository and a line of its new version.</summary>
public sealed record PostPullRequestCommentsRequest(IReadOnlyList<ReviewComment>? Comments);
