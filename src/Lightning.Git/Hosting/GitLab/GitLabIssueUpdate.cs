namespace Lightning.Git.Hosting.GitLab;

/// <summary>Changes to an issue; null leaves a field as it is. <see cref="StateEvent"/>: close or reopen.</summary>
public sealed record GitLabIssueUpdate
{
    public string? Title { get; init; }

    public string? Description { get; init; }

    /// <summary>Replaces every label.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>Labels to add, keeping the others.</summary>
    public IReadOnlyList<string>? AddLabels { get; init; }

    /// <summary>Labels to remove, keeping the others.</summary>
    public IReadOnlyList<string>? RemoveLabels { get; init; }

    public string? StateEvent { get; init; }
}
