namespace Lightning.Git.Hosting.GitLab;

/// <summary>An issue; <see cref="Iid"/> is the number users see (#7).</summary>
public sealed record GitLabIssue
{
    public long Id { get; init; }

    public long Iid { get; init; }

    public long ProjectId { get; init; }

    public string Title { get; init; } = string.Empty;

    public string? Description { get; init; }

    public string State { get; init; } = string.Empty;

    public IReadOnlyList<string> Labels { get; init; } = [];

    public string WebUrl { get; init; } = string.Empty;
}
