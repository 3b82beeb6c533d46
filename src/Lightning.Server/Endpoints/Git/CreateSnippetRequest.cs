namespace Lightning.Server.Endpoints.Git;

/// <summary>A GitLab project snippet holding one file. <paramref name="Visibility"/>: private (default), internal or public.</summary>
public sealed record CreateSnippetRequest(string Title, string FileName, string Content, string? Description = null, string? Visibility = null);
