using System.Text.RegularExpressions;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;

namespace Lightning.TestUtilities.Monitoring;

/// <summary>
/// A metric store in memory for tests of what reads metrics (alerts, analysis) until they run against the real stores.
/// It answers the shared <see cref="MetricQuery"/> as the contract describes: tag filters, time range, grouping, raw
/// points or one aggregate per group (or per <see cref="MetricQuery.Every"/> bucket, aligned to the epoch).
/// </summary>
public sealed class InMemoryMetricStore : IMetricStore
{
    readonly Lock _gate = new();
    readonly List<(SeriesKey Series, string Field, long Time, FieldValue Value)> _rows = [];

    public string Kind => "memory";

    /// <summary>How many queries were answered (a test can check that work was pushed down).</summary>
    public int Queries { get; private set; }

    /// <summary>Makes every query throw this, to test error paths; null to answer again.</summary>
    public Exception? FailWith { get; set; }

    public void Add(string measurement, IReadOnlyDictionary<string, string>? tags, string field, DateTimeOffset at, double value)
    {
        lock (_gate) _rows.Add((new SeriesKey(measurement, tags), field, Timestamps.ToNanoseconds(at), FieldValue.OfFloat(value)));
    }

    public ValueTask WriteAsync(PointBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            for (var i = 0; i < batch.Count; i++) _rows.Add((batch.SeriesAt(i), batch.FieldAt(i), batch.TimestampAt(i), batch.ValueAt(i)));
        }

        return ValueTask.CompletedTask;
    }

    public Task<QueryResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (FailWith is { } failure) return Task.FromException<QueryResult>(failure);
        var from = Timestamps.ToNanoseconds(query.From);
        var to = Timestamps.ToNanoseconds(query.To);
        List<(SeriesKey Series, long Time, double Value)> rows;
        lock (_gate)
        {
            Queries++;
            rows = _rows.Where(r => r.Series.Measurement == query.Measurement && r.Field == query.Field && r.Time >= from && r.Time < to
                                    && r.Value.IsNumeric && query.Where.All(f => Matches(f, r.Series.Tag(f.Key) ?? string.Empty)))
                .Select(r => (r.Series, r.Time, r.Value.AsDouble())).ToList();
        }

        var groups = rows.GroupBy(r => GroupTags(query, r.Series), TagsComparer.Instance);
        var result = new List<SeriesResult>();
        foreach (var group in groups.OrderBy(g => string.Join(',', g.Key.Select(p => p.Key + "=" + p.Value)), StringComparer.Ordinal))
        {
            var points = group.OrderBy(p => p.Time).ToList();
            if (query.Aggregate is not { } aggregate)
            {
                var raw = query.Limit is { } limit ? points.TakeLast(limit).ToList() : points;
                result.Add(new SeriesResult(query.Measurement, group.Key, query.Field, raw.Select(p => p.Time).ToArray(), raw.Select(p => p.Value).ToArray()));
                continue;
            }

            if (query.Every is not { } every)
            {
                result.Add(new SeriesResult(query.Measurement, group.Key, query.Field, [from], [Reduce(aggregate, points.Select(p => p.Value).ToList(), query.Percentile)]));
                continue;
            }

            var width = every.Ticks * 100;
            var buckets = points.GroupBy(p => p.Time - ((p.Time % width) + width) % width).OrderBy(b => b.Key).ToList();
            result.Add(new SeriesResult(query.Measurement, group.Key, query.Field, buckets.Select(b => b.Key).ToArray(),
                buckets.Select(b => Reduce(aggregate, b.Select(p => p.Value).ToList(), query.Percentile)).ToArray()));
        }

        return Task.FromResult(new QueryResult(result));
    }

    public Task<IReadOnlyList<string>> MeasurementsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<string>>(_rows.Select(r => r.Series.Measurement).Distinct().Order(StringComparer.Ordinal).ToList());
    }

    public Task<IReadOnlyList<SeriesInfo>> SeriesAsync(SeriesFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<SeriesInfo>>(_rows
                .Where(r => (filter.Measurement is null || r.Series.Measurement == filter.Measurement)
                            && (filter.Where ?? []).All(f => Matches(f, r.Series.Tag(f.Key) ?? string.Empty)))
                .GroupBy(r => r.Series)
                .Take(filter.Limit)
                .Select(g => new SeriesInfo(g.Key, g.GroupBy(r => r.Field).ToDictionary(f => f.Key, f => f.First().Value.Kind, StringComparer.Ordinal)))
                .ToList());
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    static Dictionary<string, string> GroupTags(MetricQuery query, SeriesKey series)
    {
        var all = query.GroupBy.Contains("*");
        return series.Tags.Where(t => all || query.GroupBy.Contains(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
    }

    static bool Matches(TagFilter filter, string value) => filter.Operator switch
    {
        TagOperator.Equal => value == filter.Value,
        TagOperator.NotEqual => value != filter.Value,
        TagOperator.Matches => Regex.IsMatch(value, filter.Value, RegexOptions.None, TimeSpan.FromSeconds(1)),
        _ => !Regex.IsMatch(value, filter.Value, RegexOptions.None, TimeSpan.FromSeconds(1)),
    };

    static double Reduce(Aggregate aggregate, List<double> values, double? percentile)
    {
        if (values.Count == 0) return aggregate == Aggregate.Count ? 0 : double.NaN;
        var sorted = values.Order().ToList();
        return aggregate switch
        {
            Aggregate.Mean => values.Average(),
            Aggregate.Min => sorted[0],
            Aggregate.Max => sorted[^1],
            Aggregate.Sum => values.Sum(),
            Aggregate.Count => values.Count,
            Aggregate.First => values[0],
            Aggregate.Last => values[^1],
            Aggregate.Median => sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2,
            Aggregate.Stddev => values.Count < 2 ? double.NaN : Math.Sqrt(values.Sum(v => (v - values.Average()) * (v - values.Average())) / (values.Count - 1)),
            _ => sorted[Math.Clamp((int)Math.Floor(sorted.Count * (percentile ?? 50) / 100 + 0.5) - 1, 0, sorted.Count - 1)],
        };
    }

    sealed class TagsComparer : IEqualityComparer<Dictionary<string, string>>
    {
        public static readonly TagsComparer Instance = new();

        public bool Equals(Dictionary<string, string>? x, Dictionary<string, string>? y) =>
            x is not null && y is not null && x.Count == y.Count && x.All(p => y.TryGetValue(p.Key, out var v) && v == p.Value);

        public int GetHashCode(Dictionary<string, string> obj)
        {
            var hash = 0;
            foreach (var (key, value) in obj) hash ^= HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), StringComparer.Ordinal.GetHashCode(value));
            return hash;
        }
    }
}
