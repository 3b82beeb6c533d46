using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Watching;

public enum Comparison
{
    Above,
    AtLeast,
    Below,
    AtMost,
}

/// <summary>
/// One signal a watch judges: an aggregate of a field over a trailing window (e.g. p95 of <c>http.latency_ms</c> over
/// 1 minute where <c>version=canary</c>) against a fixed threshold, or, with <see cref="BaselineWhere"/>, against the
/// same aggregate of a baseline group (the stable version) with a tolerance: a canary is judged against what runs beside it.
/// </summary>
public sealed record HealthCheck
{
    public required string Name { get; init; }
    public required string Measurement { get; init; }
    public string Field { get; init; } = "value";
    public IReadOnlyList<TagFilter> Where { get; init; } = [];
    public Aggregate Aggregate { get; init; } = Aggregate.Mean;
    public double? Percentile { get; init; }
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Which side is bad: <see cref="Comparison.Above"/> means a value above the threshold (or the baseline) breaches.</summary>
    public Comparison Comparison { get; init; } = Comparison.Above;

    /// <summary>The fixed limit; needed unless <see cref="BaselineWhere"/> is set.</summary>
    public double? Threshold { get; init; }

    /// <summary>The baseline group's filters (e.g. <c>version=stable</c>); the check then compares with it.</summary>
    public IReadOnlyList<TagFilter>? BaselineWhere { get; init; }

    /// <summary>How far from the baseline is still fine, as a fraction of it (0.2: up to 20 % worse).</summary>
    public double Tolerance { get; init; } = 0.2;

    /// <summary>Whether a window without points counts as a breach (a canary that reports nothing is not healthy).</summary>
    public bool NoDataBreaches { get; init; }
}

/// <summary>One evaluation of one check.</summary>
public sealed record CheckReading(DateTimeOffset At, string Check, double? Value, double? Limit, double? Baseline, bool Breached, string Reason);

public enum WatchVerdict
{
    Healthy,
    Degraded,
}

/// <summary>What a watch saw: its verdict, why, and every reading.</summary>
public sealed record WatchReport(
    WatchVerdict Verdict,
    string Summary,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    int Evaluations,
    IReadOnlyList<CheckReading> Readings);
