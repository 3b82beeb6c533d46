namespace Lightning.Monitoring.Analysis.Resources;

/// <summary>Summary of one resource figure over a window (of bucket means, so a p95 is the p95 of e.g. 5-minute means).</summary>
public sealed record UsageStats(double Mean, double P95, double Max, int Samples)
{
    public static UsageStats? Of(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return null;
        return new UsageStats(finite.Average(), Statistics.RobustStats.Quantile(finite, 0.95), finite.Max(), finite.Length);
    }
}

/// <summary>
/// What a host used over a window, per resource, as the bottleneck detector and the optimisation advisor read it.
/// Percentages are 0-100; rates are per second. Missing figures (no collector, no data) are null or absent.
/// </summary>
public sealed record HostUsage
{
    public required string Host { get; init; }

    /// <summary>Time between the first and the last sample that was read.</summary>
    public TimeSpan Covered { get; init; }

    public int? Cores { get; init; }
    public double? MemoryTotalBytes { get; init; }

    /// <summary>100 − usage_idle of cpu-total.</summary>
    public UsageStats? CpuBusyPercent { get; init; }
    public UsageStats? CpuIowaitPercent { get; init; }

    /// <summary>load1 / n_cpus: above 1, runnable threads wait for a core.</summary>
    public UsageStats? LoadPerCore { get; init; }
    public UsageStats? MemoryUsedPercent { get; init; }
    public UsageStats? SwapUsedPercent { get; init; }

    /// <summary>Bytes swapped in plus out per second.</summary>
    public UsageStats? SwapBytesPerSecond { get; init; }

    /// <summary>By mount path.</summary>
    public IReadOnlyDictionary<string, UsageStats> DiskUsedPercent { get; init; } = new Dictionary<string, UsageStats>(StringComparer.Ordinal);

    /// <summary>By device: the share of time the device was busy (rate of io_time).</summary>
    public IReadOnlyDictionary<string, UsageStats> DiskBusyPercent { get; init; } = new Dictionary<string, UsageStats>(StringComparer.Ordinal);

    /// <summary>By device: average requests in flight (rate of weighted_io_time).</summary>
    public IReadOnlyDictionary<string, UsageStats> DiskQueueLength { get; init; } = new Dictionary<string, UsageStats>(StringComparer.Ordinal);

    /// <summary>By interface: errors in plus out per second.</summary>
    public IReadOnlyDictionary<string, UsageStats> NetErrorsPerSecond { get; init; } = new Dictionary<string, UsageStats>(StringComparer.Ordinal);

    /// <summary>By interface: dropped packets in plus out per second.</summary>
    public IReadOnlyDictionary<string, UsageStats> NetDropsPerSecond { get; init; } = new Dictionary<string, UsageStats>(StringComparer.Ordinal);

    /// <summary>By interface: bytes received plus sent per second.</summary>
    public IReadOnlyDictionary<string, UsageStats> NetBytesPerSecond { get; init; } = new Dictionary<string, UsageStats>(StringComparer.Ordinal);
}
