namespace Lightning.Testing.Coverage.Runs;

/// <summary>A run's recorded coverage and, when its goals were missed (or its goal file is invalid), the reason the run fails.</summary>
public sealed record RunCoverageOutcome(RunCoverageSummary Summary, string? Failure);
