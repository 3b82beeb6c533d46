using Lightning.Monitoring.Model;
using Lightning.Monitoring.Querying;

namespace Lightning.Server.Endpoints.Monitoring;

/// <summary>
/// A query's answer as charts want it: per series, times in milliseconds since the epoch and values side by side
/// (uPlot's columns); a missing value (fill null) is null. A comparison (<see cref="Offset"/>, e.g. "1d") read the range
/// that far back and reports its times shifted forward by it, so its series overlay the current ones.
/// </summary>
public sealed record MetricQueryView(
    string Measurement,
    string Field,
    DateTimeOffset From,
    DateTimeOffset To,
    string? Aggregate,
    string? Every,
    IReadOnlyList<MetricSeriesView> Series,
    long Points,
    string? Offset = null)
{
    /// <summary>
    /// The view of <paramref name="result"/>, the answer to <paramref name="query"/>; with <paramref name="offset"/>, the
    /// store read [from − offset, to − offset) (see <see cref="MonitoringQueries.Shifted"/>) and the view shows the
    /// requested range, its times moved forward by the offset.
    /// </summary>
    public static MetricQueryView Of(MetricQuery query, QueryResult result, TimeSpan? offset = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(result);
        var shift = offset ?? TimeSpan.Zero;
        return new MetricQueryView(
            query.Measurement,
            query.Field,
            query.From,
            query.To,
            query.Aggregate is { } aggregate ? MetricQueryText.Format(aggregate, query.Percentile) : null,
            query.Every is { } every ? Duration(every) : null,
            [.. result.Series.Select(series => MetricSeriesView.Of(series, shift))],
            result.PointCount,
            offset is { } o ? Duration(o) : null);
    }

    /// <summary>A duration as the query text forms write it: 30m, 1h, 90s, 250ms.</summary>
    public static string Duration(TimeSpan span)
    {
        var ms = (long)span.TotalMilliseconds;
        return ms % 86_400_000 == 0 ? $"{ms / 86_400_000}d"
            : ms % 3_600_000 == 0 ? $"{ms / 3_600_000}h"
            : ms % 60_000 == 0 ? $"{ms / 60_000}m"
            : ms % 1000 == 0 ? $"{ms / 1000}s"
            : $"{ms}ms";
    }
}

public sealed record MetricSeriesView(IReadOnlyDictionary<string, string> Tags, long[] Times, double?[] Values)
{
    /// <summary>One result series as chart columns, its times moved forward by <paramref name="shift"/> (a comparison's offset).</summary>
    public static MetricSeriesView Of(SeriesResult series, TimeSpan shift)
    {
        ArgumentNullException.ThrowIfNull(series);
        var shiftMs = (long)shift.TotalMilliseconds;
        return new MetricSeriesView(
            series.Tags,
            [.. series.TimestampsNs.Select(ns => (ns / 1_000_000) + shiftMs)],
            [.. series.Values.Select(value => double.IsNaN(value) ? (double?)null : value)]);
    }
}

public sealed record SeriesView(string Key, string Measurement, IReadOnlyDictionary<string, string> Tags, IReadOnlyDictionary<string, string> Fields)
{
    public static SeriesView From(SeriesInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new SeriesView(
            info.Series.Canonical,
            info.Series.Measurement,
            info.Series.Tags.ToDictionary(tag => tag.Key, tag => tag.Value, StringComparer.Ordinal),
            info.Fields.ToDictionary(field => field.Key, field => field.Value.ToString().ToLowerInvariant(), StringComparer.Ordinal));
    }
}
