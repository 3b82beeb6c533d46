namespace Lightning.Git.Hosting.GitLab;

/// <summary>A GitLab project (trimmed to the fields the platform uses).</summary>
public sealed record GitLabProject
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string PathWithNamespace { get; init; } = string.Empty;

    public string? DefaultBranch { get; init; }

    public string WebUrl { get; init; } = string.Empty;

    public string? Visibility { get; init; }

    public string? HttpUrlToRepo { get; init; }
}
