namespace Lightning.Git.Hosting.GitLab;

/// <summary>A wiki page to create or update. <see cref="Format"/>: markdown, rdoc, asciidoc or org.</summary>
public sealed record GitLabWikiPageWrite
{
    public required string Title { get; init; }

    public required string Content { get; init; }

    public string Format { get; init; } = "markdown";
}
