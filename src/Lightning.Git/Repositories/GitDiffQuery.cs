namespace Lightning.Git.Repositories;

/// <summary>
/// What <c>DiffAsync</c> compares. <see cref="From"/> and <see cref="To"/> both given: commit against commit.
/// <see cref="Staged"/>: the index against <see cref="From"/> (HEAD when empty), as <c>git diff --cached</c>.
/// Otherwise the worktree against <see cref="From"/> (HEAD when empty), as <c>git diff &lt;from&gt;</c>; untracked files
/// are not part of a diff. Renames are detected (50% similarity). Hunks and patch text are produced only when
/// <see cref="IncludePatch"/> is set.
/// </summary>
public sealed record GitDiffQuery
{
    public string? From { get; init; }

    public string? To { get; init; }

    public bool Staged { get; init; }

    public IReadOnlyList<string>? Paths { get; init; }

    public int ContextLines { get; init; } = 3;

    public bool IncludePatch { get; init; } = true;
}
