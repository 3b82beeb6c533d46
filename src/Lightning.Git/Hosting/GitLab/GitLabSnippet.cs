namespace Lightning.Git.Hosting.GitLab;

/// <summary>A project snippet.</summary>
public sealed record GitLabSnippet
{
    public long Id { get; init; }

    public string Title { get; init; } = string.Empty;

    public string? FileName { get; init; }

    public string? Description { get; init; }

    public string? Visibility { get; init; }

    public string WebUrl { get; init; } = string.Empty;

    public string? RawUrl { get; init; }
}
