namespace Lightning.Git.Insights.Conflicts;

/// <summary>Which branches to check against each other.</summary>
public sealed record ConflictPredictionRequest
{
    /// <summary>Also check remote-tracking branches (<c>origin/x</c>); local branches only by default.</summary>
    public bool IncludeRemoteBranches { get; init; }

    /// <summary>A branch is active when its tip was committed within this window; null checks every branch.</summary>
    public TimeSpan? ActiveWithin { get; init; } = TimeSpan.FromDays(90);

    /// <summary>The branch every other one is checked against (short name); the branch HEAD names when null.</summary>
    public string? DefaultBranch { get; init; }

    public ConflictCheckMode Mode { get; init; } = ConflictCheckMode.Auto;

    /// <summary>Processes at a time in parallel mode; twice the processor count when null.</summary>
    public int? MaxConcurrency { get; init; }

    /// <summary>A guard against n² blow-up: more pairs than this is refused with <c>git.too_many_pairs</c>.</summary>
    public int MaxPairs { get; init; } = 10_000;
}
