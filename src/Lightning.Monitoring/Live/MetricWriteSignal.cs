using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Live;

/// <summary>What one committed batch wrote to one measurement: its measurement and the span of its timestamps.</summary>
public readonly record struct MetricWrite(string Measurement, long MinTimestampNs, long MaxTimestampNs);

/// <summary>
/// "Points were written to these measurements": raised after a batch is committed, so live views re-read only what
/// changed instead of polling the store. Handlers run on the writer's thread and must only take note (set a flag,
/// release a signal); anything slow belongs to the subscriber's own loop, so writers are never held up by readers.
/// </summary>
public sealed class MetricWriteSignal
{
    readonly Lock _gate = new();
    Action<MetricWrite>[] _handlers = [];

    /// <summary>Calls <paramref name="onWrite"/> for each measurement of each committed batch until the result is disposed.</summary>
    public IDisposable Subscribe(Action<MetricWrite> onWrite)
    {
        ArgumentNullException.ThrowIfNull(onWrite);
        lock (_gate) _handlers = [.. _handlers, onWrite];
        return new Subscription(this, onWrite);
    }

    public int Subscribers => Volatile.Read(ref _handlers).Length;

    /// <summary>Tells the subscribers what <paramref name="batch"/> wrote; one call per measurement in the batch.</summary>
    public void Notify(PointBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var handlers = Volatile.Read(ref _handlers);
        if (handlers.Length == 0 || batch.Count == 0) return;
        foreach (var write in Summarise(batch))
        {
            foreach (var handler in handlers) handler(write);
        }
    }

    static IEnumerable<MetricWrite> Summarise(PointBatch batch)
    {
        var spans = new Dictionary<string, (long Min, long Max)>(StringComparer.Ordinal);
        for (var row = 0; row < batch.Count; row++)
        {
            var measurement = batch.SeriesAt(row).Measurement;
            var time = batch.TimestampAt(row);
            spans[measurement] = spans.TryGetValue(measurement, out var span) ? (Math.Min(span.Min, time), Math.Max(span.Max, time)) : (time, time);
        }

        return spans.Select(pair => new MetricWrite(pair.Key, pair.Value.Min, pair.Value.Max));
    }

    void Remove(Action<MetricWrite> onWrite)
    {
        lock (_gate) _handlers = [.. _handlers.Where(handler => handler != onWrite)];
    }

    sealed class Subscription(MetricWriteSignal signal, Action<MetricWrite> onWrite) : IDisposable
    {
        int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) signal.Remove(onWrite);
        }
    }
}
