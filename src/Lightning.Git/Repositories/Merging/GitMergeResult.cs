namespace Lightning.Git.Repositories.Merging;

/// <summary>How a merge ended: <see cref="Head"/> is the branch tip afterwards (the merge commit when one was made).</summary>
public sealed record GitMergeResult(GitMergeOutcome Outcome, string Head, IReadOnlyList<GitConflict> Conflicts);
