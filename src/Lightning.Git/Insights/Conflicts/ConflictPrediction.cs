namespace Lightning.Git.Insights.Conflicts;

/// <summary>
/// The branches checked and every pair's result, ranked: conflicting pairs first (most files, then most recent), then
/// unrelated histories, then clean pairs. <see cref="UsedBatchMode"/> says whether one <c>merge-tree --stdin</c> did it.
/// </summary>
public sealed record ConflictPrediction(
    string? DefaultBranch,
    IReadOnlyList<BranchTip> Branches,
    IReadOnlyList<BranchPairPrediction> Pairs,
    bool UsedBatchMode)
{
    public IEnumerable<BranchPairPrediction> Conflicting => Pairs.Where(pair => pair.Status == BranchPairStatus.Conflicting);
}
