namespace Lightning.Git.Repositories;

/// <summary>
/// The state of a repository's worktree and index. <see cref="Branch"/> is null on a detached HEAD; <see cref="HeadSha"/>
/// is null before the first commit. Ahead/behind count commits against <see cref="Upstream"/> (zero without one).
/// </summary>
public sealed record GitStatus(
    string? Branch,
    string? HeadSha,
    string? Upstream,
    int Ahead,
    int Behind,
    IReadOnlyList<GitStatusEntry> Entries)
{
    public bool IsClean => Entries.Count == 0;
}
