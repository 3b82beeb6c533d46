namespace Lightning.Monitoring.Analysis.Resources;

/// <summary>When a resource counts as idle or over-provisioned, and how much headroom a right-sized one keeps.</summary>
public sealed record SuggestionRules
{
    public static SuggestionRules Default { get; } = new();

    /// <summary>Suggestions need at least this much history (a week sees weekdays and the weekend).</summary>
    public TimeSpan MinObserved { get; init; } = TimeSpan.FromDays(7);

    /// <summary>CPU busy p95 below this is over-provisioned.</summary>
    public double CpuLowPercent { get; init; } = 10;

    /// <summary>CPU busy p95 below this, with hardly any network traffic, is idle.</summary>
    public double CpuIdlePercent { get; init; } = 2;

    /// <summary>Network traffic (bytes/s at p95, all interfaces) below which an idle CPU means an idle host.</summary>
    public double NetIdleBytesPerSecond { get; init; } = 10 * 1024;

    /// <summary>Memory used p95 below this is over-provisioned.</summary>
    public double MemoryLowPercent { get; init; } = 40;

    /// <summary>Disk used below this (max over the window) is over-provisioned.</summary>
    public double DiskLowPercent { get; init; } = 20;

    /// <summary>A right-sized resource runs at most this share at its p95.</summary>
    public double TargetPercent { get; init; } = 60;
}
