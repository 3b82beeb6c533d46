using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Storage.Influx;

public sealed partial class InfluxMetricStore
{
    public async Task<QueryResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken = default)
    {
        InfluxQl.Validate(query);
        // The same answers as the embedded store for a measurement or field that does not exist, or a string field.
        var fields = await FieldKeysAsync(query.Measurement, cancellationToken);
        if (fields.Count == 0)
            throw new LightningException(ErrorKind.NotFound, "metrics.measurement_not_found",
                $"The measurement '{query.Measurement}' has no data in the metric store. List the measurements to see which exist.");
        if (!fields.TryGetValue(query.Field, out var kind))
            throw new LightningException(ErrorKind.NotFound, "metrics.field_not_found",
                $"The measurement '{query.Measurement}' has no field '{query.Field}'. Its fields: {string.Join(", ", fields.Keys.Order(StringComparer.Ordinal).Take(20))}.");
        if (kind == FieldKind.String)
            throw new ValidationFailedException($"The field '{query.Field}' of '{query.Measurement}' holds strings; only numeric fields can be queried (export reads strings).");

        var statement = InfluxQl.Select(query, _options.Database, _options.RetentionPolicy, _options.MaxRawPoints + 1);
        var answer = await QueryRawAsync(statement, cancellationToken);
        return ToResult(query, answer, _options.MaxRawPoints);
    }

    internal static QueryResult ToResult(MetricQuery query, IReadOnlyList<StatementSeries> answer, int maxRawPoints)
    {
        var byAll = query.GroupBy.Contains("*");
        var from = Timestamps.ToNanoseconds(query.From);
        var results = new List<(string Key, SeriesResult Series)>(answer.Count);
        long total = 0;
        foreach (var series in answer)
        {
            if (series.Values.Length == 0) continue;
            total += series.Values.Length;
            if (query.Aggregate is null && total > maxRawPoints)
                throw new ValidationFailedException(
                    $"The query would return more than {maxRawPoints} raw points (Lightning:Monitoring:Influx:MaxRawPoints). " +
                    "Narrow the time range, filter by tags, set a Limit, or aggregate into buckets with Every.");

            var times = new long[series.Values.Length];
            var values = new double[series.Values.Length];
            for (var i = 0; i < times.Length; i++)
            {
                // An aggregate over the whole range is stamped with the range's start, whatever point a selector picked.
                times[i] = query.Aggregate is not null && query.Every is null ? from : series.Values[i][0].GetInt64();
                values[i] = Number(series.Values[i][1]);
            }

            Dictionary<string, string> tags;
            string key;
            if (byAll)
            {
                tags = series.Tags.Where(t => t.Value.Length > 0).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
                key = new SeriesKey(query.Measurement, tags).Canonical;
            }
            else
            {
                tags = query.GroupBy.ToDictionary(k => k, k => series.Tags.GetValueOrDefault(k, ""), StringComparer.Ordinal);
                key = string.Join('\u0001', query.GroupBy.Select(k => tags[k]));
            }

            results.Add((key, new SeriesResult(query.Measurement, tags, query.Field, times, values)));
        }

        return new QueryResult(results.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Series).ToArray());
    }

    static double Number(JsonElement cell) => cell.ValueKind switch
    {
        JsonValueKind.Number => cell.GetDouble(),
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        _ => double.NaN,
    };
}
