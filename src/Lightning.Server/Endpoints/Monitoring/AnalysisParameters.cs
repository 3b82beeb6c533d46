using System.Globalization;
using Lightning.Core.Errors;
using Lightning.Monitoring.Analysis;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Querying;

namespace Lightning.Server.Endpoints.Monitoring;

/// <summary>
/// Reads the analysis routes' query-string values (all taken as text, so that a typo is a ValidationProblem naming the
/// parameter rather than a bare 400) and the analysed series' query, bounded by <see cref="AnalysisOptions.MaxRangeDays"/>.
/// </summary>
internal static class AnalysisParameters
{
    /// <summary>
    /// The series to analyse: as <c>/query</c> reads it, but bucketed (1-minute means unless aggregate/every say
    /// otherwise; <c>aggregate=raw</c> for raw points) and no wider than the analyses may read.
    /// </summary>
    public static MetricQuery Query(AnalysisQueryParameters p, DateTimeOffset now, AnalysisOptions options, string defaultFrom)
    {
        var raw = string.Equals(p.Aggregate?.Trim(), "raw", StringComparison.OrdinalIgnoreCase);
        var query = MetricQueryText.ReadQuery(
            p.Measurement, p.Field, p.Where, p.From, p.To,
            raw ? null : p.Aggregate ?? "mean",
            raw ? p.Every : p.Every ?? "1m",
            p.GroupBy, p.Fill, null, now, defaultFrom);
        CheckRange(query.From, query.To, options);
        return query;
    }

    public static void CheckRange(DateTimeOffset from, DateTimeOffset to, AnalysisOptions options)
    {
        if (to - from > TimeSpan.FromDays(options.MaxRangeDays))
            throw Invalid("from", $"The range from {from:O} to {to:O} is {DurationText.Approximate(to - from)}, wider than the {options.MaxRangeDays} days an analysis may read: narrow from/to.");
    }

    public static double? Number(Validator validator, string name, string? text, double min, double max, bool exclusiveMin = false)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            validator.Add(name, $"'{text}' is not a number.");
            return null;
        }
        if (value < min || value > max || (exclusiveMin && value == min))
        {
            validator.Add(name, string.Create(CultureInfo.InvariantCulture, $"'{name}' must be {(exclusiveMin ? "above" : "at least")} {min} and at most {max}."));
            return null;
        }
        return value;
    }

    public static int? Integer(Validator validator, string name, string? text, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            validator.Add(name, $"'{name}' must be a whole number from {min} to {max}.");
            return null;
        }
        return value;
    }

    public static TimeSpan? Duration(Validator validator, string name, string? text, TimeSpan? max = null)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var value = Collect(validator, name, () => (TimeSpan?)MetricQueryText.ParseDuration(text, name));
        if (value is { } v && max is { } limit && v > limit)
        {
            validator.Add(name, $"'{name}' is at most {DurationText.Format(limit)}.");
            return null;
        }
        return value;
    }

    public static DateTimeOffset? Time(Validator validator, string name, string? text, DateTimeOffset now) =>
        string.IsNullOrWhiteSpace(text) ? null : Collect(validator, name, () => (DateTimeOffset?)MetricQueryText.ParseTime(text, now, name));

    public static bool? Flag(Validator validator, string name, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "1" or "yes": return true;
            case "false" or "0" or "no": return false;
            default:
                validator.Add(name, $"'{text}' is not true or false.");
                return null;
        }
    }

    /// <summary>One of <paramref name="allowed"/> (case-insensitive), or null when absent.</summary>
    public static string? Choice(Validator validator, string name, string? text, params string[] allowed)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var value = text.Trim().ToLowerInvariant();
        if (allowed.Contains(value, StringComparer.Ordinal)) return value;
        validator.Add(name, $"'{text}' is not one of: {string.Join(", ", allowed)}.");
        return null;
    }

    /// <summary>Runs a parser that throws <see cref="ValidationFailedException"/>, collecting its errors (unnamed ones under <paramref name="name"/>).</summary>
    public static T? Collect<T>(Validator validator, string name, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ValidationFailedException ex)
        {
            foreach (var (key, messages) in ex.Errors)
                foreach (var message in messages) validator.Add(key.Length == 0 ? name : key, message);
            return default;
        }
    }

    public static ValidationFailedException Invalid(string name, string message) =>
        new(new Dictionary<string, string[]> { [name] = [message] });
}
