namespace Lightning.Server.Endpoints.Git;

/// <summary>A comment (Markdown on both providers).</summary>
public sealed record CommentRequest(string Body);
