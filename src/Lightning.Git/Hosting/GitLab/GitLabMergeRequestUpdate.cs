namespace Lightning.Git.Hosting.GitLab;

/// <summary>Changes to a merge request; null leaves a field as it is. <see cref="StateEvent"/>: close or reopen.</summary>
public sealed record GitLabMergeRequestUpdate
{
    public string? Title { get; init; }

    public string? Description { get; init; }

    public string? TargetBranch { get; init; }

    public IReadOnlyList<string>? Labels { get; init; }

    public string? StateEvent { get; init; }

    public bool? Squash { get; init; }

    /// <summary>Replaces the reviewers (user ids; an empty list removes them all).</summary>
    public IReadOnlyList<long>? ReviewerIds { get; init; }
}
