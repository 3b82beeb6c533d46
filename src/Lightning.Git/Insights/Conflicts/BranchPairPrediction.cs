namespace Lightning.Git.Insights.Conflicts;

/// <summary>
/// What merging <see cref="Theirs"/> into <see cref="Ours"/> would do (for pairs with the default branch, the default
/// branch is ours). <see cref="LatestCommitAt"/> is the newer of the two tips, the tie-breaker of the ranking.
/// </summary>
public sealed record BranchPairPrediction(
    string Ours,
    string Theirs,
    BranchPairStatus Status,
    IReadOnlyList<PredictedConflict> Files,
    DateTimeOffset LatestCommitAt);
