namespace Lightning.Testing.Coverage.Suggestions;

/// <summary>
/// A function whose tests would add most coverage: the lines and branches of its own (nested functions count for
/// themselves) that no test runs, and what covering them would add to the report's totals, in percentage points.
/// </summary>
public sealed record CoverageSuggestion(
    string Path,
    string Function,
    int Line,
    int EndLine,
    bool NeverCalled,
    int MissedLines,
    int MissedBranches,
    IReadOnlyList<int> MissedLineNumbers,
    double LineGain,
    double BranchGain);
