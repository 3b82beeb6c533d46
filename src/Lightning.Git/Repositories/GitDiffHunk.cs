namespace Lightning.Git.Repositories;

/// <summary>
/// A hunk, from its header <c>@@ -OldStart,OldLines +NewStart,NewLines @@ Context</c>, and its lines with the line
/// numbers they have on each side (so review comments can be placed on a diff line).
/// </summary>
public sealed record GitDiffHunk(
    int OldStart,
    int OldLines,
    int NewStart,
    int NewLines,
    string Context,
    IReadOnlyList<GitDiffLine> Lines);
