using Lightning.Testing.Coverage.Goals;

namespace Lightning.Testing.Coverage.Reports;

/// <summary>What a coverage page shows besides the files: a title, the goals' results, and how many suggestions.</summary>
public sealed record CoverageHtmlOptions
{
    public string Title { get; init; } = "Coverage";

    /// <summary>Goal results to show at the top (failed goals with the files that missed them).</summary>
    public CoverageEnforcement? Enforcement { get; init; }

    /// <summary>How many improvement suggestions to list; 0 for none.</summary>
    public int Suggestions { get; init; } = 15;
}
