namespace Lightning.Git.Hosting.GitLab;

/// <summary>A CI/CD pipeline; <see cref="Status"/> is created, pending, running, success, failed, canceled, skipped, manual, ...</summary>
public sealed record GitLabPipeline
{
    public long Id { get; init; }

    public long? Iid { get; init; }

    public long ProjectId { get; init; }

    public string Status { get; init; } = string.Empty;

    public string Ref { get; init; } = string.Empty;

    public string Sha { get; init; } = string.Empty;

    public string? Source { get; init; }

    public string? WebUrl { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }
}
