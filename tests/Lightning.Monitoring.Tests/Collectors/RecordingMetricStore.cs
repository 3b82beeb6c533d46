using System.Collections.Concurrent;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;

namespace Lightning.Monitoring.Tests.Collectors;

/// <summary>A store that keeps copies of what collectors wrote, for assertions; it answers no queries.</summary>
internal sealed class RecordingMetricStore : IMetricStore
{
    public ConcurrentQueue<CollectedRow[]> Batches { get; } = new();

    public string Kind => "recording";

    public ValueTask WriteAsync(PointBatch batch, CancellationToken cancellationToken = default)
    {
        Batches.Enqueue(CollectedRow.From(batch));
        return ValueTask.CompletedTask;
    }

    public Task<QueryResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<string>> MeasurementsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<SeriesInfo>> SeriesAsync(SeriesFilter filter, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>One row of a batch, copied out so that assertions can use LINQ.</summary>
internal sealed record CollectedRow(SeriesKey Series, string Field, long TimestampNs, FieldValue Value)
{
    public static CollectedRow[] From(PointBatch batch) =>
        Enumerable.Range(0, batch.Count).Select(i => new CollectedRow(batch.SeriesAt(i), batch.FieldAt(i), batch.TimestampAt(i), batch.ValueAt(i))).ToArray();
}

internal static class CollectedRows
{
    public static async Task<CollectedRow[]> CollectAsync(this Lightning.Monitoring.Collectors.ICollector collector, DateTimeOffset? at = null)
    {
        var batch = new PointBatch();
        await collector.CollectAsync(batch, at ?? DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
        return CollectedRow.From(batch);
    }

    /// <summary>The value of one field of the series with these tags (all must match), or null.</summary>
    public static double? Value(this IEnumerable<CollectedRow> rows, string measurement, string field, params (string Key, string Value)[] tags) =>
        rows.Where(r => r.Series.Measurement == measurement && r.Field == field && tags.All(t => r.Series.Tag(t.Key) == t.Value))
            .Select(r => (double?)r.Value.AsDouble()).FirstOrDefault();

    public static IEnumerable<CollectedRow> Of(this IEnumerable<CollectedRow> rows, string measurement) =>
        rows.Where(r => r.Series.Measurement == measurement);
}
