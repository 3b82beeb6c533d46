namespace Lightning.Git.Repositories.Merging;

/// <summary>
/// A conflicted file with its three sides (null where a side has no version: deleted, or added on one side only) and
/// the worktree file as git left it, conflict markers included (null when absent or binary).
/// </summary>
public sealed record GitConflictedFile(
    string Path,
    GitConflictKind Kind,
    GitConflictVersion? Base,
    GitConflictVersion? Ours,
    GitConflictVersion? Theirs,
    string? WorkingText)
{
    public bool IsBinary => Base?.IsBinary == true || Ours?.IsBinary == true || Theirs?.IsBinary == true;
}
