namespace Lightning.Git.Hosting.GitLab;

/// <summary>A new project snippet with one file. <see cref="Visibility"/>: private, internal or public.</summary>
public sealed record GitLabSnippetCreate
{
    public required string Title { get; init; }

    public required string FileName { get; init; }

    public required string Content { get; init; }

    public string? Description { get; init; }

    public string Visibility { get; init; } = "private";
}
