namespace Lightning.Git.Repositories;

/// <summary>
/// One changed path: <see cref="Index"/> is HEAD against the index (staged), <see cref="Worktree"/> is the index against
/// the files on disk. Untracked files have <see cref="GitChangeKind.Untracked"/> in the worktree; conflicted files
/// <see cref="GitChangeKind.Unmerged"/> on both sides.
/// </summary>
public sealed record GitStatusEntry(
    string Path,
    GitChangeKind Index,
    GitChangeKind Worktree,
    bool IsUntracked,
    bool IsConflicted);
