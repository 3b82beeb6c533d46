namespace Lightning.Git.Hosting.GitLab;

/// <summary>One job of a pipeline.</summary>
public sealed record GitLabJob
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string Stage { get; init; } = string.Empty;

    public string Status { get; init; } = string.Empty;

    public string? Ref { get; init; }

    public double? Duration { get; init; }

    public string? WebUrl { get; init; }
}
