namespace Lightning.Git.Insights.Conflicts;

public enum BranchPairStatus
{
    Clean,
    Conflicting,

    /// <summary>The branches share no commit, so there is no merge base to merge from.</summary>
    UnrelatedHistories,
}
