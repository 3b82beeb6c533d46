namespace Lightning.Git.Hosting.GitHub;

/// <summary>
/// A comment on a line of a pull request's diff. <paramref name="Line"/> is null when the line is gone from the
/// current diff (GitHub then calls the comment outdated); <paramref name="InReplyToId"/> names the thread's first comment.
/// </summary>
public sealed record GitHubReviewComment(long Id, string Path, int? Line, string Body, string? Author, string? HtmlUrl, long? InReplyToId);
