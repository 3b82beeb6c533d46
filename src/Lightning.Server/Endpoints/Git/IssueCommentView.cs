namespace Lightning.Server.Endpoints.Git;

/// <summary>A comment as the provider stored it; <paramref name="Url"/> is null where the provider gives none (GitLab notes).</summary>
public sealed record IssueCommentView(string Provider, string Id, string Body, string? Author, string? Url);
