namespace Lightning.Monitoring.Analysis.Resources;

/// <summary>Where a figure becomes a warning and where it becomes critical. Utilisations are judged on their p95 over the window.</summary>
public sealed record BottleneckThresholds
{
    public static BottleneckThresholds Default { get; } = new();

    public double CpuBusyWarning { get; init; } = 80;
    public double CpuBusyCritical { get; init; } = 95;
    public double LoadPerCoreWarning { get; init; } = 1.0;
    public double LoadPerCoreCritical { get; init; } = 2.0;
    public double IowaitWarning { get; init; } = 20;
    public double MemoryUsedWarning { get; init; } = 85;
    public double MemoryUsedCritical { get; init; } = 95;
    /// <summary>Swap traffic (bytes/s, mean over the window) from which memory counts as saturated.</summary>
    public double SwapBytesPerSecondWarning { get; init; } = 1024 * 1024;
    public double SwapBytesPerSecondCritical { get; init; } = 10 * 1024 * 1024;
    public double DiskUsedWarning { get; init; } = 85;
    public double DiskUsedCritical { get; init; } = 95;
    public double DiskBusyWarning { get; init; } = 80;
    public double DiskBusyCritical { get; init; } = 95;
    public double DiskQueueWarning { get; init; } = 2;
    public double DiskQueueCritical { get; init; } = 8;
    /// <summary>Network errors per second (mean) from which an interface is flagged; any error at all is worth a look.</summary>
    public double NetErrorsWarning { get; init; } = 0.01;
    public double NetErrorsCritical { get; init; } = 1;
    public double NetDropsWarning { get; init; } = 1;
    public double NetDropsCritical { get; init; } = 100;
}
