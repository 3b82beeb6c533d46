namespace Lightning.Testing.Coverage.Runs;

/// <summary>A run's stored coverage: the summary, the merged report (null when nothing was measured) and the directory of its sources (null when unknown).</summary>
public sealed record StoredRunCoverage(RunCoverageSummary Summary, CoverageReport? Report, string? Root);
