using Lightning.Testing.Coverage.Goals;

namespace Lightning.Testing.Coverage.Runs;

/// <summary>What is stored of a run's coverage; <see cref="Root"/> is the directory its paths are relative to, where sources are read.</summary>
public sealed record RunCoverageRecord(
    string RunId,
    string Repository,
    string? CommitSha,
    string? Branch,
    string? Root,
    DateTimeOffset RecordedAt,
    CoverageReport? Report,
    CoverageEnforcement? Goals,
    IReadOnlyList<string> Unavailable);
