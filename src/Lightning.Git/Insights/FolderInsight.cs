namespace Lightning.Git.Insights;

/// <summary>
/// A folder's roll-up (every file below it, at any depth; the root is <c>.</c>). <see cref="BusFactor"/> is the
/// smallest number of authors whose changes add up to more than half of the folder's file changes: how many people
/// would have to leave before most of what was done there is no longer known by anyone still around.
/// </summary>
public sealed record FolderInsight(
    string Path,
    int Commits,
    int Files,
    int LinesAdded,
    int LinesRemoved,
    int BusFactor,
    IReadOnlyList<AuthorShare> Authors);
