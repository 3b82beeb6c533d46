namespace Lightning.Git.Repositories.Merging;

/// <summary>Merge <see cref="Source"/> (a branch, tag or commit) into the checked-out branch.</summary>
public sealed record GitMergeRequest
{
    public required string Source { get; init; }

    public GitMergeMode Mode { get; init; } = GitMergeMode.Auto;

    /// <summary>The merge commit's message; git's own "Merge branch '...'" when null.</summary>
    public string? Message { get; init; }
}
