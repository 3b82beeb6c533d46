namespace Lightning.Git.Hosting.GitLab;

/// <summary>A wiki page; <see cref="Content"/> is absent in lists unless asked for.</summary>
public sealed record GitLabWikiPage
{
    public string Slug { get; init; } = string.Empty;

    public string Title { get; init; } = string.Empty;

    public string? Format { get; init; }

    public string? Content { get; init; }
}
