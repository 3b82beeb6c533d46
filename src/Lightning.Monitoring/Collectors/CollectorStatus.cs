namespace Lightning.Monitoring.Collectors;

/// <summary>
/// One collector as the <see cref="CollectorHost"/> has seen it run: the last run and its duration, the last error
/// (kept after later successful runs, with its time) and totals since start.
/// </summary>
public sealed record CollectorStatus(
    string Name,
    TimeSpan Interval,
    DateTimeOffset? LastRun,
    TimeSpan? LastDuration,
    DateTimeOffset? LastErrorAt,
    string? LastError,
    long PointsWritten,
    long Runs,
    long Failures);
