using Lightning.Core.Errors;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;

namespace Lightning.Monitoring.Analysis.Resources;

/// <summary>
/// Reads a host's usage over a window from the store, as bucket means (gauges) or per-second rates between bucket
/// maxima (counters, a negative step being a counter reset and skipped), named as Telegraf names them.
/// </summary>
internal sealed class HostUsageReader(IMetricStore store)
{
    public async Task<HostUsage> ReadAsync(string host, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var bucket = BucketFor(to - from);
        var hostFilter = new TagFilter(TelegrafNames.HostTag, TagOperator.Equal, host);
        var first = long.MaxValue;
        var last = long.MinValue;

        async Task<IReadOnlyList<SeriesResult>> Read(string measurement, string field, Aggregate aggregate, string? groupBy = null, TagFilter? extra = null)
        {
            QueryResult result;
            try
            {
                result = await store.QueryAsync(new MetricQuery
                {
                    Measurement = measurement,
                    Field = field,
                    Where = extra is null ? [hostFilter] : [hostFilter, extra],
                    From = from,
                    To = to,
                    Aggregate = aggregate,
                    Every = bucket,
                    GroupBy = groupBy is null ? [] : [groupBy],
                }, cancellationToken);
            }
            catch (LightningException ex) when (ex.Kind == ErrorKind.NotFound)
            {
                // No such measurement or field: that collector does not run on this platform; the figure stays absent.
                return [];
            }
            foreach (var s in result.Series)
            {
                for (var i = 0; i < s.Values.Length; i++)
                {
                    if (!double.IsFinite(s.Values[i])) continue;
                    first = Math.Min(first, s.TimestampsNs[i]);
                    last = Math.Max(last, s.TimestampsNs[i]);
                }
            }
            return result.Series;
        }

        async Task<double[]> Gauge(string measurement, string field, TagFilter? extra = null) =>
            (await Read(measurement, field, Aggregate.Mean, extra: extra)).SelectMany(s => s.Values).ToArray();

        async Task<Dictionary<string, double[]>> GaugeBy(string measurement, string field, string tag) =>
            (await Read(measurement, field, Aggregate.Mean, tag))
                .GroupBy(s => s.Tags.GetValueOrDefault(tag) ?? "")
                .ToDictionary(g => g.Key, g => g.SelectMany(s => s.Values).ToArray(), StringComparer.Ordinal);

        async Task<Dictionary<string, double[]>> RateBy(string measurement, string field, string? tag, double scale)
        {
            var series = await Read(measurement, field, Aggregate.Max, tag);
            return series.GroupBy(s => tag is null ? "" : s.Tags.GetValueOrDefault(tag) ?? "")
                .ToDictionary(g => g.Key, g => g.SelectMany(s => Rates(s, scale)).ToArray(), StringComparer.Ordinal);
        }

        var cpuTotal = new TagFilter(TelegrafNames.CpuTag, TagOperator.Equal, TelegrafNames.CpuTotal);
        var idle = await Gauge(TelegrafNames.Cpu, TelegrafNames.CpuUsageIdle, cpuTotal);
        var iowait = await Gauge(TelegrafNames.Cpu, TelegrafNames.CpuUsageIowait, cpuTotal);
        var load = await Gauge(TelegrafNames.System, TelegrafNames.Load1);
        var cpus = await Gauge(TelegrafNames.System, TelegrafNames.CpuCount);
        var cores = cpus.Where(double.IsFinite).Select(c => (int?)Math.Round(c)).LastOrDefault();
        var memory = await Gauge(TelegrafNames.Memory, TelegrafNames.MemoryUsedPercent);
        var memoryTotal = (await Gauge(TelegrafNames.Memory, TelegrafNames.MemoryTotal)).Where(double.IsFinite).Select(v => (double?)v).LastOrDefault();
        var swap = await Gauge(TelegrafNames.Swap, TelegrafNames.SwapUsedPercent);
        var swapIn = await RateBy(TelegrafNames.Swap, TelegrafNames.SwapIn, null, 1);
        var swapOut = await RateBy(TelegrafNames.Swap, TelegrafNames.SwapOut, null, 1);
        var diskUsed = await GaugeBy(TelegrafNames.Disk, TelegrafNames.DiskUsedPercent, TelegrafNames.DiskPathTag);
        // io_time is milliseconds busy: ms per second / 10 is the busy percentage; weighted_io_time ms/s / 1000 is the queue.
        var diskBusy = await RateBy(TelegrafNames.DiskIo, TelegrafNames.DiskIoTime, TelegrafNames.DiskIoDeviceTag, 0.1);
        var diskQueue = await RateBy(TelegrafNames.DiskIo, TelegrafNames.DiskWeightedIoTime, TelegrafNames.DiskIoDeviceTag, 0.001);
        var errors = Sum(await RateBy(TelegrafNames.Net, TelegrafNames.NetErrorsIn, TelegrafNames.NetInterfaceTag, 1),
            await RateBy(TelegrafNames.Net, TelegrafNames.NetErrorsOut, TelegrafNames.NetInterfaceTag, 1));
        var drops = Sum(await RateBy(TelegrafNames.Net, TelegrafNames.NetDropsIn, TelegrafNames.NetInterfaceTag, 1),
            await RateBy(TelegrafNames.Net, TelegrafNames.NetDropsOut, TelegrafNames.NetInterfaceTag, 1));
        var bytes = Sum(await RateBy(TelegrafNames.Net, TelegrafNames.NetBytesReceived, TelegrafNames.NetInterfaceTag, 1),
            await RateBy(TelegrafNames.Net, TelegrafNames.NetBytesSent, TelegrafNames.NetInterfaceTag, 1));

        double[]? loadPerCore = cores is > 0 ? load.Select(l => l / cores.Value).ToArray() : null;
        return new HostUsage
        {
            Host = host,
            Covered = last >= first ? TimeSpan.FromTicks((last - first) / 100) + bucket : TimeSpan.Zero,
            Cores = cores,
            MemoryTotalBytes = memoryTotal,
            CpuBusyPercent = UsageStats.Of(idle.Select(v => 100 - v)),
            CpuIowaitPercent = UsageStats.Of(iowait),
            LoadPerCore = loadPerCore is null ? null : UsageStats.Of(loadPerCore),
            MemoryUsedPercent = UsageStats.Of(memory),
            SwapUsedPercent = UsageStats.Of(swap),
            SwapBytesPerSecond = UsageStats.Of(Sum(swapIn, swapOut).Values.SelectMany(v => v)),
            DiskUsedPercent = Stats(diskUsed),
            DiskBusyPercent = Stats(diskBusy),
            DiskQueueLength = Stats(diskQueue),
            NetErrorsPerSecond = Stats(errors),
            NetDropsPerSecond = Stats(drops),
            NetBytesPerSecond = Stats(bytes),
        };
    }

    /// <summary>Coarse enough that a week is about 2,000 buckets per series, fine enough that an hour still shows minutes.</summary>
    internal static TimeSpan BucketFor(TimeSpan window) =>
        window <= TimeSpan.FromHours(3) ? TimeSpan.FromMinutes(1)
        : window <= TimeSpan.FromDays(2) ? TimeSpan.FromMinutes(5)
        : TimeSpan.FromMinutes(15);

    /// <summary>Per-second rate between consecutive bucket maxima of a counter, times <paramref name="scale"/>.</summary>
    internal static IEnumerable<double> Rates(SeriesResult counter, double scale)
    {
        var previous = -1;
        for (var i = 0; i < counter.Values.Length; i++)
        {
            if (!double.IsFinite(counter.Values[i])) continue;
            if (previous >= 0)
            {
                var delta = counter.Values[i] - counter.Values[previous];
                var seconds = (counter.TimestampsNs[i] - counter.TimestampsNs[previous]) / 1e9;
                if (delta >= 0 && seconds > 0) yield return delta / seconds * scale;
            }
            previous = i;
        }
    }

    static Dictionary<string, double[]> Sum(Dictionary<string, double[]> a, Dictionary<string, double[]> b)
    {
        var result = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var key in a.Keys.Union(b.Keys, StringComparer.Ordinal))
        {
            var x = a.GetValueOrDefault(key) ?? [];
            var y = b.GetValueOrDefault(key) ?? [];
            var n = Math.Max(x.Length, y.Length);
            var sum = new double[n];
            for (var i = 0; i < n; i++) sum[i] = (i < x.Length ? x[i] : 0) + (i < y.Length ? y[i] : 0);
            result[key] = sum;
        }
        return result;
    }

    static Dictionary<string, UsageStats> Stats(Dictionary<string, double[]> values)
    {
        var result = new Dictionary<string, UsageStats>(StringComparer.Ordinal);
        foreach (var (key, v) in values)
            if (UsageStats.Of(v) is { } stats) result[key] = stats;
        return result;
    }
}
