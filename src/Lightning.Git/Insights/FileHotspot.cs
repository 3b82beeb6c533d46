namespace Lightning.Git.Insights;

/// <summary>
/// A file's change history. <see cref="Score"/> = commits × churn (lines added + removed): files changed both often
/// and much come first, after Tornhill's hotspots (change frequency weighted by size of change).
/// </summary>
public sealed record FileHotspot(
    string Path,
    int Commits,
    int LinesAdded,
    int LinesRemoved,
    long Score,
    DateTimeOffset LastChange,
    string LastCommit,
    IReadOnlyList<AuthorShare> Authors)
{
    public int Churn => LinesAdded + LinesRemoved;

    /// <summary>
    /// Whether the file is in the tree of the range's last revision (HEAD by default); deleted and renamed-away files
    /// are not. <c>null</c> when the range has no single last revision.
    /// </summary>
    public bool? ExistsAtTip { get; init; }
}
