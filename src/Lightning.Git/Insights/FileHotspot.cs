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
}
