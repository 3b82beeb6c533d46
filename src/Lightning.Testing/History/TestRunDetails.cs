namespace Lightning.Testing.History;

/// <summary>A run with its projects and its cases (all, or those of one outcome when asked).</summary>
public sealed record TestRunDetails(TestRunView Run, IReadOnlyList<TestRunProjectView> Projects, IReadOnlyList<TestResultView> Results)
{
    /// <summary>Coverage totals, goals and their results when the run measured coverage; else null.</summary>
    public Coverage.Runs.RunCoverageSummary? Coverage { get; init; }
}
