namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// Open a pull request (GitHub) or merge request (GitLab) merging <paramref name="Head"/> into <paramref name="Base"/>.
/// A draft on GitLab is a title starting with <c>Draft:</c>, as GitLab documents.
/// </summary>
public sealed record CreatePullRequestRequest(string Title, string Head, string Base, string? Body = null, bool? Draft = null);
