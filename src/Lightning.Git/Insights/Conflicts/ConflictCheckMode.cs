namespace Lightning.Git.Insights.Conflicts;

/// <summary>How the predictor runs <c>git merge-tree</c>.</summary>
public enum ConflictCheckMode
{
    /// <summary>Batch mode when this git has <c>merge-tree --stdin</c>, else parallel processes.</summary>
    Auto,

    /// <summary>One <c>git merge-tree --stdin</c> process for all pairs.</summary>
    Batch,

    /// <summary>One process per pair, a bounded number at a time.</summary>
    Parallel,
}
