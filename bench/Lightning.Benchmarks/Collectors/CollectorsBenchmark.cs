using System.Diagnostics;
using System.Diagnostics.Metrics;
using Lightning.Monitoring.Collectors;
using Lightning.Monitoring.Collectors.Host;
using Lightning.Monitoring.Collectors.Processes;
using Lightning.Monitoring.Collectors.Runtime;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lightning.Benchmarks.Collectors;

/// <summary>One run of the host, process and meter collectors under the real <see cref="CollectorHost"/>.</summary>
internal sealed record CollectorRun(
    string Name,
    TimeSpan Interval,
    double Seconds,
    int Runs,
    long Rows,
    double CollectorCpuPercentOfCore,
    double ProcessCpuPercentOfCore,
    double IdleCpuPercentOfCore,
    double HeapAddedMiB,
    double WorkingSetAddedMiB,
    double AllocatedMiBPerMinute);

/// <summary>
/// Collector overhead (issue 6: at most 1% of one core and 100 MB). The collectors run in this process under the real
/// host at a given interval, writing to a store that only counts rows (the store's cost is not the collectors').
/// CPU is measured two ways: the thread CPU time inside each collector call (exact for these synchronous collectors),
/// and this process's CPU time minus an idle baseline of the same length (includes timers and the host loop).
/// </summary>
internal sealed class CollectorsBenchmark(TextWriter output)
{
    public static async Task<double> IdleCpuPercentAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(duration, cancellationToken);
        return 100 * (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    public async Task<CollectorRun> RunAsync(string name, TimeSpan interval, TimeSpan duration, double idlePercent, CancellationToken cancellationToken)
    {
        var options = Options.Create(new CollectorOptions());
        options.Value.Host.Interval = interval;
        options.Value.Processes.Interval = interval;
        options.Value.Runtime.Interval = interval;
        // Beyond the default (this process), a name pattern makes the process collector scan all of /proc each run.
        options.Value.Processes.Targets.Add(new ProcessTarget { NamePattern = "^dotnet$" });

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetBefore = Environment.WorkingSet;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();

        var store = new CountingStore();
        using var meters = new MeterCollector(options);
        TimedCollector[] collectors =
        [
            new(new HostCollector(options, NullLogger<HostCollector>.Instance)),
            new(new ProcessCollector(options, new MonitoredProcesses())),
            new(meters),
        ];
        using (var host = new CollectorHost(collectors, store, TimeProvider.System, NullLogger<CollectorHost>.Instance))
        {
            await host.StartAsync(cancellationToken);
            await Task.Delay(duration, cancellationToken);
            await host.StopAsync(cancellationToken);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var processCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var run = new CollectorRun(
            name, interval, seconds, collectors.Sum(c => c.Runs), store.Rows,
            100 * collectors.Sum(c => c.Cpu.TotalSeconds) / seconds,
            100 * processCpu / seconds - idlePercent,
            idlePercent,
            (heapAfter - heapBefore) / 1048576.0,
            (Environment.WorkingSet - workingSetBefore) / 1048576.0,
            allocated / 1048576.0 / (seconds / 60));
        foreach (var collector in collectors)
            output.WriteLine($"  {name}: {collector.Name,-8} {collector.Runs,4} runs, {collector.Cpu.TotalMilliseconds / Math.Max(1, collector.Runs),7:0.00} ms CPU per run");
        return run;
    }

    /// <summary>Nanoseconds per histogram measurement recorded through the meter listener (the cost each API request pays).</summary>
    public static double HistogramRecordNanoseconds(int count)
    {
        var name = "Lightning.Bench." + Guid.NewGuid().ToString("N");
        var options = Options.Create(new CollectorOptions());
        options.Value.Runtime.Meters = [name];
        using var collector = new MeterCollector(options);
        using var meter = new Meter(name);
        var histogram = meter.CreateHistogram<double>("bench.duration");
        var route = new KeyValuePair<string, object?>("http.route", "/api/v2/items/{id}");
        var method = new KeyValuePair<string, object?>("http.request.method", "GET");
        for (var i = 0; i < 10_000; i++) histogram.Record(i * 1e-5, route, method);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++) histogram.Record(i % 1000 * 1e-5, route, method);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var batch = new PointBatch();
        collector.CollectAsync(batch, DateTimeOffset.UtcNow, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        if (batch.Count == 0) throw new InvalidOperationException("the meter collector recorded nothing");
        return elapsed.TotalMilliseconds * 1e6 / count;
    }

    /// <summary>Times a synchronous collector's calls on the calling thread.</summary>
    sealed class TimedCollector(ICollector inner) : ICollector
    {
        public TimeSpan Cpu { get; private set; }
        public int Runs { get; private set; }
        public string Name => inner.Name;
        public TimeSpan Interval => inner.Interval;

        public async ValueTask CollectAsync(PointBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var before = ThreadCpu.Now();
            var pending = inner.CollectAsync(batch, now, cancellationToken);
            if (!pending.IsCompleted) throw new InvalidOperationException($"{inner.Name} went asynchronous: thread CPU would not cover it");
            Cpu += ThreadCpu.Now() - before;
            Runs++;
            await pending;
        }
    }

    sealed class CountingStore : IMetricStore
    {
        long _rows;
        public long Rows => Interlocked.Read(ref _rows);
        public string Kind => "counting";

        public ValueTask WriteAsync(PointBatch batch, CancellationToken cancellationToken = default)
        {
            Interlocked.Add(ref _rows, batch.Count);
            return ValueTask.CompletedTask;
        }

        public Task<QueryResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken = default) => Task.FromResult(QueryResult.Empty);
        public Task<IReadOnlyList<string>> MeasurementsAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<string>>([]);
        public Task<IReadOnlyList<SeriesInfo>> SeriesAsync(SeriesFilter filter, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<SeriesInfo>>([]);
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
