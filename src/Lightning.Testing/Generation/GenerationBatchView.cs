using Lightning.Testing.Persistence;

namespace Lightning.Testing.Generation;

/// <summary>A generation batch as the API shows it: its state, and once generated the report with every candidate.</summary>
public sealed record GenerationBatchView(
    string Id,
    string Repository,
    string Path,
    string? File,
    string? Language,
    int Max,
    GenerationBatchStatus Status,
    string? Error,
    string RequestedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    GenerationReport? Report,
    IReadOnlyList<string> Written);
