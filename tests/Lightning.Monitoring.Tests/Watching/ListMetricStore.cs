using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;

namespace Lightning.Monitoring.Tests.Watching;

/// <summary>
/// A list of points answering only ungrouped aggregate queries (one value for the whole range): enough to drive
/// <c>HealthWatch</c> and the monitor tool's watch without a real store.
/// </summary>
sealed class ListMetricStore : IMetricStore
{
    readonly List<(SeriesKey Series, string Field, long Time, double Value)> _points = [];

    public string Kind => "list";

    public List<MetricQuery> Queries { get; } = [];

    public void Add(string measurement, string field, DateTimeOffset at, double value, params (string Key, string Value)[] tags)
    {
        lock (_points)
        {
            _points.Add((new SeriesKey(measurement, tags.Select(tag => new KeyValuePair<string, string>(tag.Key, tag.Value))), field, Timestamps.ToNanoseconds(at), value));
        }
    }

    public ValueTask WriteAsync(PointBatch batch, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("ListMetricStore is filled with Add.");

    public Task<QueryResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken = default)
    {
        Queries.Add(query);
        List<double> values;
        lock (_points)
        {
            var from = Timestamps.ToNanoseconds(query.From);
            var to = Timestamps.ToNanoseconds(query.To);
            values = [.. _points.Where(point => point.Series.Measurement == query.Measurement && point.Field == query.Field
                    && point.Time >= from && point.Time < to && query.Where.All(filter => Matches(point.Series, filter)))
                .OrderBy(point => point.Time).Select(point => point.Value)];
        }

        if (values.Count == 0)
        {
            return Task.FromResult(QueryResult.Empty);
        }

        var value = query.Aggregate switch
        {
            Aggregate.Max => values.Max(),
            Aggregate.Min => values.Min(),
            Aggregate.Percentile => values.Order().ElementAt((int)Math.Ceiling(query.Percentile!.Value / 100 * values.Count) - 1),
            _ => values.Average(),
        };
        return Task.FromResult(new QueryResult([new SeriesResult(query.Measurement, new Dictionary<string, string>(), query.Field, [Timestamps.ToNanoseconds(query.From)], [value])]));
    }

    static bool Matches(SeriesKey series, TagFilter filter) => filter.Operator switch
    {
        TagOperator.Equal => series.Tag(filter.Key) == filter.Value,
        TagOperator.NotEqual => series.Tag(filter.Key) != filter.Value,
        _ => throw new NotSupportedException("ListMetricStore matches = and != only."),
    };

    public Task<IReadOnlyList<string>> MeasurementsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([.. _points.Select(point => point.Series.Measurement).Distinct()]);

    public Task<IReadOnlyList<SeriesInfo>> SeriesAsync(SeriesFilter filter, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SeriesInfo>>([]);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
