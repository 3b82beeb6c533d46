namespace Lightning.Benchmarks.AgentList;

/// <summary>One closed-loop load run against the agent list. Latencies in milliseconds.</summary>
internal sealed record LoadResult(
    string Client,
    long Requests,
    long Errors,
    double Seconds,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    double ServerCpuSeconds,
    double ServerGcPauseMs,
    int ServerGcCount,
    double ServerWorkingSetMiB)
{
    public double RequestsPerSecond => Requests / Seconds;

    public double ServerCpuMicrosecondsPerRequest => Requests == 0 ? double.NaN : ServerCpuSeconds * 1e6 / Requests;

    /// <summary>Share of the run's wall time the server spent paused for GC.</summary>
    public double ServerGcPauseShare => ServerGcPauseMs / 1000 / Seconds;

    /// <summary>Average number of cores the server kept busy.</summary>
    public double ServerCores => ServerCpuSeconds / Seconds;
}
