namespace Lightning.Server.Endpoints.Git;

/// <summary>A GitLab wiki page to create or replace. <paramref name="Format"/>: markdown (default), rdoc, asciidoc or org.</summary>
public sealed record WikiPageRequest(string Title, string Content, string? Format = null);
