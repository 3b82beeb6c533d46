using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lightning.Core.Errors;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Storage.Influx;

/// <summary>
/// InfluxQL text from a <see cref="MetricQuery"/>. Every name is a double-quoted identifier and every value a
/// single-quoted literal or a /regex/ literal with its delimiter escaped, so no input can end a literal early.
/// </summary>
internal static class InfluxQl
{
    /// <summary>A double-quoted identifier: backslashes and quotes escaped, control characters refused.</summary>
    public static string Identifier(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        RefuseControl(name, "name");
        return "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A single-quoted string literal.</summary>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        RefuseControl(value, "value");
        return "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
    }

    /// <summary>A /regex/ literal. The pattern must compile; a '/' inside it is escaped so it cannot close the literal.</summary>
    public static string Regex(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        RefuseControl(pattern, "regular expression");
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException error)
        {
            throw new ValidationFailedException($"'{pattern}' is not a valid regular expression: {error.Message}", error);
        }

        var text = new StringBuilder(pattern.Length + 2).Append('/');
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                // An escape pair stays as it is, except "\/" which InfluxQL already reads as '/'.
                text.Append(c).Append(pattern[++i]);
                continue;
            }

            if (c == '\\') throw new ValidationFailedException($"'{pattern}' ends with a lone backslash.");
            if (c == '/') text.Append('\\');
            text.Append(c);
        }

        return text.Append('/').ToString();
    }

    /// <summary><c>"db"."rp"."measurement"</c> (or <c>"db".."measurement"</c> for the default policy).</summary>
    public static string Source(string database, string? retentionPolicy, string measurement) =>
        Identifier(database) + "." + (string.IsNullOrEmpty(retentionPolicy) ? "" : Identifier(retentionPolicy)) + "." + Identifier(measurement);

    public static string Where(IReadOnlyList<TagFilter> filters)
    {
        var text = new StringBuilder();
        foreach (var filter in filters)
        {
            text.Append(" AND ").Append(Identifier(filter.Key)).Append(filter.Operator switch
            {
                TagOperator.Equal => " = " + Literal(filter.Value),
                TagOperator.NotEqual => " != " + Literal(filter.Value),
                TagOperator.Matches => " =~ " + Regex(filter.Value),
                TagOperator.NotMatches => " !~ " + Regex(filter.Value),
                _ => throw new ArgumentOutOfRangeException(nameof(filters)),
            });
        }

        return text.ToString();
    }

    /// <summary>The SELECT for a query. Raw queries are bounded by <paramref name="rawLimit"/> points per series when the query sets no limit.</summary>
    public static string Select(MetricQuery query, string database, string? retentionPolicy, int rawLimit)
    {
        Validate(query);
        var field = Identifier(query.Field);
        var selection = query.Aggregate switch
        {
            null => field,
            Aggregate.Mean => $"mean({field})",
            Aggregate.Min => $"min({field})",
            Aggregate.Max => $"max({field})",
            Aggregate.Sum => $"sum({field})",
            Aggregate.Count => $"count({field})",
            Aggregate.First => $"first({field})",
            Aggregate.Last => $"last({field})",
            Aggregate.Median => $"median({field})",
            Aggregate.Stddev => $"stddev({field})",
            Aggregate.Percentile => $"percentile({field}, {query.Percentile!.Value.ToString("R", CultureInfo.InvariantCulture)})",
            _ => throw new ArgumentOutOfRangeException(nameof(query)),
        };

        var text = new StringBuilder("SELECT ").Append(selection).Append(" AS \"value\" FROM ")
            .Append(Source(database, retentionPolicy, query.Measurement))
            .Append(" WHERE time >= ").Append(Timestamps.ToNanoseconds(query.From))
            .Append(" AND time < ").Append(Timestamps.ToNanoseconds(query.To))
            .Append(Where(query.Where));

        var groups = new List<string>();
        if (query.Every is { } every) groups.Add($"time({every.Ticks / 10}u)");
        if (query.GroupBy.Contains("*")) groups.Add("*");
        else groups.AddRange(query.GroupBy.Select(Identifier));
        if (groups.Count > 0) text.Append(" GROUP BY ").Append(string.Join(", ", groups));

        if (query.Every is not null)
        {
            text.Append(query.Fill switch
            {
                Fill.None => " fill(none)",
                Fill.Null => " fill(null)",
                Fill.Previous => " fill(previous)",
                Fill.Zero => " fill(0)",
                Fill.Linear => " fill(linear)",
                _ => throw new ArgumentOutOfRangeException(nameof(query)),
            });
        }

        var limit = query.Limit ?? (query.Aggregate is null ? rawLimit : (int?)null);
        if (limit is { } n) text.Append(" LIMIT ").Append(n);
        return text.ToString();
    }

    /// <summary>The same rules as every store: a range, Every only with an aggregate and in whole microseconds, Fill only with Every.</summary>
    public static void Validate(MetricQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var validator = new Validator();
        validator.Require(!string.IsNullOrEmpty(query.Measurement), nameof(query.Measurement), "A query needs a measurement.");
        validator.Require(!string.IsNullOrEmpty(query.Field), nameof(query.Field), "A query needs a field.");
        validator.Require(query.From < query.To, nameof(query.To), $"The range is empty: From ({query.From:O}) must be before To ({query.To:O}).");
        validator.Require(query.Every is null || query.Every >= TimeSpan.FromMicroseconds(1), nameof(query.Every), "Every must be at least a microsecond.");
        validator.Require(query.Every is null || query.Every.Value.Ticks % 10 == 0, nameof(query.Every), "Every must be a whole number of microseconds.");
        validator.Require(query.Every is null || query.Aggregate is not null, nameof(query.Every), "Every needs an aggregate (buckets of raw points are not defined).");
        validator.Require(query.Aggregate != Aggregate.Percentile || query.Percentile is >= 0 and <= 100, nameof(query.Percentile),
            "A percentile aggregate needs Percentile between 0 and 100.");
        validator.Require(query.Limit is null or > 0, nameof(query.Limit), "Limit must be at least 1.");
        validator.Require(query.Fill == Fill.None || query.Every is not null, nameof(query.Fill), "Fill needs Every (it fills empty time buckets).");
        validator.ThrowIfInvalid();
    }

    static void RefuseControl(string text, string what)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c)) throw new ValidationFailedException($"A {what} must not contain control characters.");
        }
    }
}
