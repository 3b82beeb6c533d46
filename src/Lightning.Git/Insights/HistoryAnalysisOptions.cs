namespace Lightning.Git.Insights;

/// <summary>What <see cref="HistoryAnalyzer"/> reads and the thresholds of its analyses.</summary>
public sealed record HistoryAnalysisOptions
{
    public HistoryFilter Filter { get; init; } = new();

    /// <summary>
    /// Follow renames (<c>-M</c>): a renamed file's changes are counted under its new path from the rename on. Off by
    /// default (<c>--no-renames</c>): a rename is a deletion plus an addition, which is what git stores.
    /// </summary>
    public bool DetectRenames { get; init; }

    /// <summary>How many files to return, best score first.</summary>
    public int MaxHotspots { get; init; } = 100;

    public FrequencyBucket Bucket { get; init; } = FrequencyBucket.Week;

    /// <summary>A pair must change together in at least this many commits to be reported.</summary>
    public int CouplingMinSharedCommits { get; init; } = 3;

    /// <summary>Lowest coupling degree (shared commits over the pair's average commits, 0..1) to report.</summary>
    public double CouplingMinDegree { get; init; } = 0.3;

    /// <summary>
    /// Commits touching more files than this (a reformat, a licence header, a mass rename) are left out of coupling,
    /// where they would pair every file with every other; they still count for churn and hotspots.
    /// </summary>
    public int CouplingMaxFilesPerCommit { get; init; } = 50;

    public int MaxCouplings { get; init; } = 100;
}
