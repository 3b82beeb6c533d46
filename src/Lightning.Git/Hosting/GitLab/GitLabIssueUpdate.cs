namespace Lightning.Git.Hosting.GitLab;

/// <summary>Changes to an issue; null leaves a field as it is. <see cref="StateEvent"/>: close or reopen.</summary>
public sealed record GitLabIssueUpdate
{
    public string? Title { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string>? Labels { get; init; }

    public string? StateEvent { get; init; }
}
