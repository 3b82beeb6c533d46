namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// A comment on a pull or merge request. <paramref name="Path"/> and <paramref name="Line"/> place a diff comment (line of
/// the new version; null when the line is gone or the comment is not on the diff); <paramref name="Thread"/> groups
/// replies (GitLab's discussion id, GitHub's first comment id).
/// </summary>
public sealed record PullRequestCommentView(string Id, string? Author, string Body, string? Path, int? Line, string? Url, string Thread);
