using Lightning.Testing.Coverage.Goals;

namespace Lightning.Testing.Coverage.Runs;

/// <summary>
/// A run's coverage as the run view, the API and the CLI show it: totals, goals and how they fared, and why projects
/// measured nothing. <see cref="Tree"/> (directories and files with their totals) is filled where a file tree is shown.
/// </summary>
public sealed record RunCoverageSummary(
    string RunId,
    string Repository,
    string? CommitSha,
    string? Branch,
    DateTimeOffset RecordedAt,
    CoverageTotals Totals,
    int Files,
    CoverageEnforcement? Goals,
    IReadOnlyList<string> Unavailable)
{
    public CoverageTreeNode? Tree { get; init; }
}
