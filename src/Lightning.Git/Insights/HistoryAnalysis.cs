namespace Lightning.Git.Insights;

/// <summary>What <see cref="HistoryAnalyzer"/> found in one pass over a history.</summary>
public sealed record HistoryAnalysis(
    int Commits,
    int MergeCommits,
    DateTimeOffset? FirstCommit,
    DateTimeOffset? LastCommit,
    IReadOnlyList<FileHotspot> Hotspots,
    IReadOnlyList<FolderInsight> Folders,
    IReadOnlyList<ChangeCoupling> Coupling,
    IReadOnlyList<CommitFrequency> Frequency)
{
    /// <summary>Commits that passed the coupling size limit and so counted for coupling.</summary>
    public int CouplingCommits { get; init; }
}
