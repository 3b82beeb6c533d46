using System.Globalization;
using System.Text.RegularExpressions;
using Lightning.Core.Errors;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Querying;

/// <summary>
/// The short text forms a query takes on the command line, in API query strings and in tool inputs, read into a
/// <see cref="MetricQuery"/>: tag filters <c>host=web-1,core!=0,path=~^/var</c>, durations <c>90s</c>, <c>5m</c>,
/// <c>1h</c>, <c>7d</c>, times as ISO 8601 or relative to now (<c>now-1h</c>, <c>-15m</c>, <c>now</c>), aggregates by
/// name or as a percentile (<c>p95</c>). Each mistake is a <see cref="ValidationFailedException"/> naming the field.
/// </summary>
public static partial class MetricQueryText
{
    public static IReadOnlyList<TagFilter> ParseWhere(string? text, string field = "where")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var filters = new List<TagFilter>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = Filter().Match(part);
            if (!match.Success)
            {
                throw Invalid(field, $"'{part}' is not a tag filter: write key=value, key!=value, key=~regex or key!~regex.");
            }

            var op = match.Groups["op"].Value switch
            {
                "=" => TagOperator.Equal,
                "!=" => TagOperator.NotEqual,
                "=~" => TagOperator.Matches,
                _ => TagOperator.NotMatches,
            };
            var value = match.Groups["value"].Value;
            if (op is TagOperator.Matches or TagOperator.NotMatches)
            {
                try
                {
                    _ = new Regex(value, RegexOptions.None, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException ex)
                {
                    throw Invalid(field, $"'{value}' in '{part}' is not a valid regular expression: {ex.Message}");
                }
            }

            filters.Add(new TagFilter(match.Groups["key"].Value, op, value));
        }

        return filters;
    }

    /// <summary>"90s", "5m", "1h", "7d", "250ms" (or a bare number of seconds).</summary>
    public static TimeSpan ParseDuration(string text, string field)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Duration().Match(text.Trim());
        if (!match.Success)
        {
            throw Invalid(field, $"'{text}' is not a duration: write a number and a unit (ms, s, m, h, d, w), e.g. 30s, 5m, 1h.");
        }

        var amount = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var duration = match.Groups["unit"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(amount),
            "" or "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            "d" => TimeSpan.FromDays(amount),
            _ => TimeSpan.FromDays(amount * 7),
        };
        return duration > TimeSpan.Zero ? duration : throw Invalid(field, $"'{text}' is not a positive duration.");
    }

    /// <summary>An ISO 8601 time, "now", or "now-1h" / "-1h" (relative to <paramref name="now"/>).</summary>
    public static DateTimeOffset ParseTime(string text, DateTimeOffset now, string field)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed == "now")
        {
            return now;
        }

        if (trimmed.StartsWith("now-", StringComparison.Ordinal) || trimmed.StartsWith('-'))
        {
            return now - ParseDuration(trimmed[(trimmed.IndexOf('-', StringComparison.Ordinal) + 1)..], field);
        }

        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : throw Invalid(field, $"'{text}' is not a time: write an ISO 8601 time (2026-11-25T10:00:00Z), now, or now-1h.");
    }

    /// <summary>An aggregate's name (mean, min, max, sum, count, first, last, median, stddev) or a percentile (p50, p99.9).</summary>
    public static (Aggregate Aggregate, double? Percentile) ParseAggregate(string text, string field = "aggregate")
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim().ToLowerInvariant();
        if (trimmed.Length > 1 && trimmed[0] == 'p' && double.TryParse(trimmed[1..], NumberStyles.Float, CultureInfo.InvariantCulture, out var percentile))
        {
            return percentile is > 0 and <= 100 ? (Aggregate.Percentile, percentile) : throw Invalid(field, $"'{text}': a percentile is between p0 and p100.");
        }

        return trimmed switch
        {
            "mean" or "avg" or "average" => (Aggregate.Mean, null),
            "min" => (Aggregate.Min, null),
            "max" => (Aggregate.Max, null),
            "sum" => (Aggregate.Sum, null),
            "count" => (Aggregate.Count, null),
            "first" => (Aggregate.First, null),
            "last" => (Aggregate.Last, null),
            "median" => (Aggregate.Median, null),
            "stddev" => (Aggregate.Stddev, null),
            _ => throw Invalid(field, $"'{text}' is not an aggregate: use mean, min, max, sum, count, first, last, median, stddev or a percentile such as p95."),
        };
    }

    public static Fill ParseFill(string text, string field = "fill") => text.Trim().ToLowerInvariant() switch
    {
        "none" => Fill.None,
        "null" => Fill.Null,
        "previous" => Fill.Previous,
        "zero" or "0" => Fill.Zero,
        "linear" => Fill.Linear,
        _ => throw Invalid(field, $"'{text}' is not a fill: use none, null, previous, zero or linear."),
    };

    /// <summary>"host,core" → ["host", "core"]; "*" groups by every tag.</summary>
    public static IReadOnlyList<string> ParseGroupBy(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// A whole query from its text parts (the API's query string, the CLI, tool inputs): <paramref name="from"/> defaults to
    /// an hour before <paramref name="now"/>, <paramref name="to"/> to now. Every problem is reported at once, keyed by its part.
    /// </summary>
    public static MetricQuery ReadQuery(
        string? measurement, string? field, string? where, string? from, string? to, string? aggregate, string? every,
        string? groupBy, string? fill, int? limit, DateTimeOffset now, string defaultFrom = "now-1h")
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        T? Read<T>(string key, Func<T> read)
        {
            try
            {
                return read();
            }
            catch (ValidationFailedException ex)
            {
                foreach (var (name, messages) in ex.Errors) errors[name.Length == 0 ? key : name] = messages;
                return default;
            }
        }

        if (string.IsNullOrWhiteSpace(measurement)) errors["measurement"] = ["'measurement' is required."];
        if (limit is < 1) errors["limit"] = ["'limit' must be at least 1."];
        var filters = Read("where", () => ParseWhere(where));
        var (function, percentile) = aggregate is null ? ((Aggregate?)null, (double?)null) : Read("aggregate", () => ParseAggregate(aggregate));
        var start = Read("from", () => (DateTimeOffset?)ParseTime(from ?? defaultFrom, now, "from"));
        var end = Read("to", () => (DateTimeOffset?)ParseTime(to ?? "now", now, "to"));
        var bucket = every is null ? null : Read("every", () => (TimeSpan?)ParseDuration(every, "every"));
        var filling = fill is null ? Fill.None : Read("fill", () => ParseFill(fill));
        if (start is { } a && end is { } b && b <= a) errors["to"] = [$"'from' ({a:O}) must be before 'to' ({b:O})."];
        if (every is not null && aggregate is null) errors["every"] = ["'every' needs an 'aggregate' to put in each bucket (e.g. aggregate=mean)."];
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        return new MetricQuery
        {
            Measurement = measurement!,
            Field = string.IsNullOrWhiteSpace(field) ? "value" : field,
            Where = filters!,
            From = start!.Value,
            To = end!.Value,
            Aggregate = function,
            Percentile = percentile,
            Every = bucket,
            GroupBy = ParseGroupBy(groupBy),
            Fill = filling,
            Limit = limit,
        };
    }

    /// <summary>The text form of an aggregate, as <see cref="ParseAggregate"/> reads it.</summary>
    public static string Format(Aggregate aggregate, double? percentile) => aggregate == Aggregate.Percentile
        ? "p" + (percentile ?? 0).ToString(CultureInfo.InvariantCulture)
        : aggregate.ToString().ToLowerInvariant();

    static ValidationFailedException Invalid(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });

    [GeneratedRegex(@"^(?<key>[^=!~\s]+)\s*(?<op>=~|!~|!=|=)\s*(?<value>.+)$", RegexOptions.ExplicitCapture)]
    private static partial Regex Filter();

    [GeneratedRegex(@"^(?<n>\d+(?:\.\d+)?)\s*(?<unit>ms|s|m|h|d|w|)$", RegexOptions.ExplicitCapture)]
    private static partial Regex Duration();
}
