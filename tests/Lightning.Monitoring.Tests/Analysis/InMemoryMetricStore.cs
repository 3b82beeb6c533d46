using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;

namespace Lightning.Monitoring.Tests.Analysis;

/// <summary>
/// A metric store in a list, for the analysis service's tests: equality tag filters, raw points or epoch-aligned
/// buckets with mean/min/max/last, group by tags. Not a reference for the real stores' semantics beyond that.
/// </summary>
internal sealed class InMemoryMetricStore : IMetricStore
{
    readonly List<(SeriesKey Series, string Field, long Time, double Value)> _rows = [];

    public string Kind => "memory";

    public List<MetricQuery> Queries { get; } = [];

    public ValueTask WriteAsync(PointBatch batch, CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < batch.Count; i++) _rows.Add((batch.SeriesAt(i), batch.FieldAt(i), batch.TimestampAt(i), batch.ValueAt(i).AsDouble()));
        return ValueTask.CompletedTask;
    }

    public void Add(string measurement, IEnumerable<KeyValuePair<string, string>> tags, string field, long[] times, double[] values)
    {
        var key = new SeriesKey(measurement, tags);
        for (var i = 0; i < times.Length; i++) _rows.Add((key, field, times[i], values[i]));
    }

    public Task<QueryResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken = default)
    {
        Queries.Add(query);
        var from = Timestamps.ToNanoseconds(query.From);
        var to = Timestamps.ToNanoseconds(query.To);
        var rows = _rows.Where(r => r.Series.Measurement == query.Measurement && r.Field == query.Field && r.Time >= from && r.Time < to
            && query.Where.All(f => f.Operator == TagOperator.Equal ? r.Series.Tag(f.Key) == f.Value : throw new NotSupportedException("equality filters only")));
        var groups = rows.GroupBy(r => GroupKey(r.Series, query.GroupBy), StringComparer.Ordinal);
        var series = new List<SeriesResult>();
        foreach (var group in groups.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var sample = group.First().Series;
            var tags = (query.GroupBy.Contains("*") ? sample.Tags : sample.Tags.Where(t => query.GroupBy.Contains(t.Key)))
                .ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
            var ordered = group.OrderBy(r => r.Time).ToList();
            if (query.Aggregate is not { } aggregate || query.Every is not { } every)
            {
                series.Add(new SeriesResult(query.Measurement, tags, query.Field, ordered.Select(r => r.Time).ToArray(), ordered.Select(r => r.Value).ToArray()));
                continue;
            }
            var width = every.Ticks * 100;
            var buckets = ordered.GroupBy(r => r.Time - ((r.Time % width) + width) % width).OrderBy(b => b.Key).ToList();
            series.Add(new SeriesResult(query.Measurement, tags, query.Field, buckets.Select(b => b.Key).ToArray(), buckets.Select(b => aggregate switch
            {
                Aggregate.Mean => b.Average(r => r.Value),
                Aggregate.Max => b.Max(r => r.Value),
                Aggregate.Min => b.Min(r => r.Value),
                Aggregate.Last => b.Last().Value,
                _ => throw new NotSupportedException(aggregate.ToString()),
            }).ToArray()));
        }
        return Task.FromResult(new QueryResult(series));
    }

    public Task<IReadOnlyList<string>> MeasurementsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(_rows.Select(r => r.Series.Measurement).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());

    public Task<IReadOnlyList<SeriesInfo>> SeriesAsync(SeriesFilter filter, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SeriesInfo>>(_rows.Where(r => filter.Measurement is null || r.Series.Measurement == filter.Measurement)
            .GroupBy(r => r.Series).Select(g => new SeriesInfo(g.Key, g.Select(r => r.Field).Distinct(StringComparer.Ordinal)
                .ToDictionary(f => f, _ => FieldKind.Float, StringComparer.Ordinal))).Take(filter.Limit).ToList());

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    static string GroupKey(SeriesKey series, IReadOnlyList<string> groupBy) =>
        groupBy.Contains("*") ? series.Canonical : string.Join(',', groupBy.Select(k => $"{k}={series.Tag(k)}"));
}
