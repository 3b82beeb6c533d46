namespace Lightning.Testing.Coverage.Runs;

/// <summary>One run's coverage in a trend: its totals (of the project's files when the trend names a project) and what it tested.</summary>
public sealed record CoverageTrendPoint(
    string RunId,
    string? CommitSha,
    string? Branch,
    DateTimeOffset RecordedAt,
    CoverageTotals Totals);
