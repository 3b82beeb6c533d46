using System.Globalization;
using System.Text;

namespace Lightning.Server.Endpoints.Monitoring;

/// <summary>
/// A query's answer as CSV (RFC 4180: CRLF lines, fields with commas, quotes or line breaks quoted, quotes doubled):
/// a <c>time</c> column (RFC 3339, UTC, milliseconds) and one column per series named by its tags, one row per time
/// any series has a point at; a series without a point at that time has an empty cell.
/// </summary>
public static class MetricCsv
{
    public static string Write(MetricQueryView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var text = new StringBuilder();
        text.Append("time");
        foreach (var series in view.Series)
        {
            text.Append(',');
            Field(text, ColumnName(series, view.Field));
        }

        text.Append("\r\n");
        var columns = view.Series.Select(series => series.Times.Select((time, i) => (time, value: series.Values[i]))
            .GroupBy(point => point.time).ToDictionary(group => group.Key, group => group.Last().value)).ToList();
        foreach (var time in columns.SelectMany(column => column.Keys).Distinct().Order())
        {
            text.Append(DateTimeOffset.FromUnixTimeMilliseconds(time).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            foreach (var column in columns)
            {
                text.Append(',');
                if (column.TryGetValue(time, out var value) && value is { } number) text.Append(number.ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>"host=web-1,region=eu" (tags sorted by key); the field's name when the series has no tags.</summary>
    public static string ColumnName(MetricSeriesView series, string field)
    {
        ArgumentNullException.ThrowIfNull(series);
        return series.Tags.Count == 0 ? field : string.Join(',', series.Tags.OrderBy(tag => tag.Key, StringComparer.Ordinal).Select(tag => $"{tag.Key}={tag.Value}"));
    }

    static void Field(StringBuilder text, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            text.Append(value);
            return;
        }

        text.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
