namespace Lightning.Git.Repositories;

/// <summary>
/// One file in a diff. <see cref="OldPath"/> differs from <see cref="Path"/> only for renames and copies. Binary files
/// count no lines and have no hunks. <see cref="Patch"/> is the unified diff of the file from its first hunk header
/// (the <c>diff --git</c> header lines are left out: what they say is in the other fields); empty when the query did
/// not ask for patches or nothing changed inside the file.
/// </summary>
public sealed record GitDiffFile(
    GitChangeKind Kind,
    string Path,
    string OldPath,
    int Additions,
    int Deletions,
    bool IsBinary,
    IReadOnlyList<GitDiffHunk> Hunks,
    string Patch);
