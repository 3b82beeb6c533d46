namespace Lightning.Git.Repositories.Merging;

/// <summary>
/// How a cherry-pick, revert, continue or stash apply ended: the commits it made, oldest first (none for a stash), and
/// the conflicts it stopped on.
/// </summary>
public sealed record GitApplyResult(GitApplyOutcome Outcome, IReadOnlyList<string> Commits, IReadOnlyList<GitConflict> Conflicts);
