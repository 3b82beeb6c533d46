namespace Lightning.Testing.Coverage.Goals;

/// <summary>
/// How a goal fared: the coverage of the files it matched (all together), whether it passed, and the files below the
/// minimum, those needing most first. For an aggregate goal the files below are listed even when the total passes
/// (they are where coverage is thin); only a per-file goal fails because of them. A goal that matched no file fails
/// (a path that names nothing is a mistake); one whose files have nothing of its metric (no branches) passes, unmeasured.
/// </summary>
public sealed record CoverageGoalResult(
    CoverageGoal Goal,
    bool Passed,
    int FilesMatched,
    int Covered,
    int Total,
    double? Percent,
    int Needed,
    IReadOnlyList<CoverageGoalMiss> Missed,
    string Message);
