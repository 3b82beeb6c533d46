namespace Lightning.Git.Hosting.GitLab;

/// <summary>What a new merge request needs.</summary>
public sealed record GitLabMergeRequestCreate
{
    public required string SourceBranch { get; init; }

    public required string TargetBranch { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string>? Labels { get; init; }

    public bool? RemoveSourceBranch { get; init; }

    public bool? Squash { get; init; }
}
