using System.Diagnostics;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lightning.Monitoring.Collectors;

/// <summary>
/// Runs every enabled collector on its own interval, each in its own loop so that a slow or failing collector neither
/// delays nor stops the others, and writes each run's batch to the metric store. Every series written carries a
/// <c>host</c> tag (<paramref name="hostName"/>, by default the machine name) unless its collector set one, so that
/// several servers writing to one store stay apart and a drill-down can be scoped to one host.
/// </summary>
public sealed class CollectorHost(
    IEnumerable<ICollector> collectors,
    IMetricStore store,
    TimeProvider time,
    ILogger<CollectorHost> logger,
    string? hostName = null) : BackgroundService
{
    /// <summary>Tagged keys kept per collector before the cache starts over (the process collector's series churn).</summary>
    const int MaxCachedKeys = 10_000;

    readonly ICollector[] _collectors = collectors.ToArray();
    readonly System.Collections.Concurrent.ConcurrentDictionary<ICollector, CollectorStatus> _status = new();
    readonly System.Collections.Concurrent.ConcurrentDictionary<ICollector, Dictionary<string, SeriesKey>> _taggedKeys = new();

    /// <summary>The value of the <c>host</c> tag on every collected series.</summary>
    public string HostName { get; } = string.IsNullOrWhiteSpace(hostName) ? Environment.MachineName : hostName;

    /// <summary>The tag naming the machine a point was collected on (Telegraf's name for it).</summary>
    public const string HostTag = "host";

    public IReadOnlyList<ICollector> Collectors => _collectors;

    /// <summary>Each collector's last run, last error and points written since start (for the operations API).</summary>
    public IReadOnlyList<CollectorStatus> Status() =>
        [.. _collectors.Select(collector => _status.GetValueOrDefault(collector) ?? new CollectorStatus(collector.Name, collector.Interval, null, null, null, null, 0, 0, 0))];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_collectors.Select(collector => Task.Run(() => RunAsync(collector, stoppingToken), stoppingToken)));

    async Task RunAsync(ICollector collector, CancellationToken cancellationToken)
    {
        Log.CollectorStarted(logger, collector.Name, collector.Interval);
        var batch = new PointBatch();
        using var timer = new PeriodicTimer(collector.Interval, time);
        try
        {
            do
            {
                await CollectOnceAsync(collector, batch, cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One run of one collector: collect, then write. Failures are logged, never thrown (except cancellation).</summary>
    public async Task CollectOnceAsync(ICollector collector, PointBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collector);
        ArgumentNullException.ThrowIfNull(batch);
        batch.Clear();
        var started = Stopwatch.GetTimestamp();
        try
        {
            await collector.CollectAsync(batch, time.GetUtcNow(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.CollectorFailed(logger, ex, collector.Name);
            Record(collector, Stopwatch.GetElapsedTime(started), 0, ex.Message);
            return;
        }

        var tagged = _taggedKeys.GetOrAdd(collector, _ => new Dictionary<string, SeriesKey>(StringComparer.Ordinal));
        // A collector runs in one loop at a time, but CollectOnceAsync may also be called by hand: keep the cache safe.
        lock (tagged)
        {
            if (tagged.Count > MaxCachedKeys) tagged.Clear();
            batch.AddTagWhereMissing(HostTag, HostName, tagged);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        if (elapsed > collector.Interval) Log.CollectorSlow(logger, collector.Name, elapsed, collector.Interval);
        if (batch.Count == 0)
        {
            Record(collector, elapsed, 0, null);
            return;
        }

        try
        {
            await store.WriteAsync(batch, cancellationToken);
            Record(collector, elapsed, batch.Count, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.WriteFailed(logger, ex, collector.Name, batch.Count, store.Kind);
            Record(collector, elapsed, 0, $"writing {batch.Count} points failed: {ex.Message}");
        }
    }

    void Record(ICollector collector, TimeSpan elapsed, long written, string? error)
    {
        var now = time.GetUtcNow();
        _status.AddOrUpdate(collector,
            _ => new CollectorStatus(collector.Name, collector.Interval, now, elapsed, error is null ? null : now, error, written, 1, error is null ? 0 : 1),
            (_, old) => old with
            {
                LastRun = now, LastDuration = elapsed, LastErrorAt = error is null ? old.LastErrorAt : now, LastError = error ?? old.LastError,
                PointsWritten = old.PointsWritten + written, Runs = old.Runs + 1, Failures = old.Failures + (error is null ? 0 : 1),
            });
    }
}
