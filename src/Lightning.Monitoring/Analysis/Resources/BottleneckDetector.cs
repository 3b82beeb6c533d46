using System.Globalization;

namespace Lightning.Monitoring.Analysis.Resources;

/// <summary>
/// The USE method (utilisation, saturation, errors) over a host's resources: CPU (busy %, load per core, iowait),
/// memory (used %, swap traffic), disks (space, busy %, queue length) and network interfaces (errors, drops). Each
/// finding says what the figure is, where the threshold is, and what it means. Most severe first.
/// </summary>
public static class BottleneckDetector
{
    public static IReadOnlyList<Bottleneck> Detect(HostUsage usage, BottleneckThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(thresholds);
        var t = thresholds;
        var found = new List<Bottleneck>();

        Check(found, "cpu", UseDimension.Utilisation, usage.CpuBusyPercent?.P95, t.CpuBusyWarning, t.CpuBusyCritical,
            v => $"CPU busy {v:0.#} % at p95{Cores(usage)}: work queues behind the processors; profile the busiest processes or add cores");
        Check(found, "cpu", UseDimension.Saturation, usage.LoadPerCore?.P95, t.LoadPerCoreWarning, t.LoadPerCoreCritical,
            v => $"load {v:0.##} per core at p95: on average {Math.Max(0, v - 1):0.##} runnable threads per core wait for a CPU");
        Check(found, "cpu", UseDimension.Saturation, usage.CpuIowaitPercent?.P95, t.IowaitWarning, double.PositiveInfinity,
            v => $"CPU waiting on I/O {v:0.#} % of the time at p95: the disks, not the processors, hold the work back");
        Check(found, "memory", UseDimension.Utilisation, usage.MemoryUsedPercent?.P95, t.MemoryUsedWarning, t.MemoryUsedCritical,
            v => $"memory {v:0.#} % used at p95: little left for the page cache, and the kernel may start to swap or kill processes");
        Check(found, "memory", UseDimension.Saturation, usage.SwapBytesPerSecond?.Mean, t.SwapBytesPerSecondWarning, t.SwapBytesPerSecondCritical,
            v => $"swapping {v / 1024 / 1024:0.##} MiB/s on average: memory is short and pages go to disk, which slows everything that touches them");
        foreach (var (path, stats) in usage.DiskUsedPercent)
            Check(found, $"disk {path}", UseDimension.Utilisation, stats.Max, t.DiskUsedWarning, t.DiskUsedCritical,
                v => $"{path} is {v:0.#} % full: writes fail when it reaches 100 %; see the capacity forecast for when");
        foreach (var (device, stats) in usage.DiskBusyPercent)
            Check(found, $"disk {device}", UseDimension.Utilisation, stats.P95, t.DiskBusyWarning, t.DiskBusyCritical,
                v => $"{device} busy {v:0.#} % of the time at p95: the device is near the most it can do");
        foreach (var (device, stats) in usage.DiskQueueLength)
            Check(found, $"disk {device}", UseDimension.Saturation, stats.P95, t.DiskQueueWarning, t.DiskQueueCritical,
                v => $"{device} has {v:0.#} requests in flight at p95: I/O waits in the queue, so latency grows with every extra request");
        foreach (var (nic, stats) in usage.NetErrorsPerSecond)
            Check(found, $"net {nic}", UseDimension.Errors, stats.Mean, t.NetErrorsWarning, t.NetErrorsCritical,
                v => $"{nic} has {v:0.###} errors/s: check the cable, driver, duplex setting or MTU");
        foreach (var (nic, stats) in usage.NetDropsPerSecond)
            Check(found, $"net {nic}", UseDimension.Errors, stats.Mean, t.NetDropsWarning, t.NetDropsCritical,
                v => $"{nic} drops {v:0.##} packets/s: receive buffers overflow or a firewall discards traffic");

        return found.OrderByDescending(b => b.Severity).ThenByDescending(b => b.Value / b.Threshold).ToList();
    }

    static string Cores(HostUsage usage) => usage.Cores is { } cores ? $" of {cores} cores" : "";

    static void Check(List<Bottleneck> found, string resource, UseDimension dimension, double? value, double warning, double critical, Func<double, FormattableString> explain)
    {
        if (value is not { } v || !double.IsFinite(v) || v < warning) return;
        var severity = v >= critical ? BottleneckSeverity.Critical : BottleneckSeverity.Warning;
        var threshold = severity == BottleneckSeverity.Critical ? critical : warning;
        found.Add(new Bottleneck(resource, dimension, severity, v, threshold,
            explain(v).ToString(CultureInfo.InvariantCulture) + string.Create(CultureInfo.InvariantCulture, $" ({severity.ToString().ToLowerInvariant()} from {threshold:0.###})")));
    }
}
