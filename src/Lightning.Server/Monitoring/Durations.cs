using System.Globalization;
using Lightning.Core.Errors;
using Lightning.Monitoring.Querying;

namespace Lightning.Server.Monitoring;

/// <summary>Durations as the query text forms write them (30d, 12h, 90m, 45s), and "forever" for no limit.</summary>
public static class Durations
{
    public const string Forever = "forever";

    public static string Format(TimeSpan span)
    {
        var seconds = (long)span.TotalSeconds;
        return seconds % 86_400 == 0 ? $"{seconds / 86_400}d"
            : seconds % 3_600 == 0 ? $"{seconds / 3_600}h"
            : seconds % 60 == 0 ? $"{seconds / 60}m"
            : string.Create(CultureInfo.InvariantCulture, $"{seconds}s");
    }

    public static string Format(TimeSpan? span) => span is { } value ? Format(value) : Forever;

    /// <summary>A retention: a positive duration of at least a minute, or <c>forever</c> (also <c>inf</c>, <c>0</c>) for null.</summary>
    public static TimeSpan? ParseRetention(string? text, string field)
    {
        var trimmed = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(trimmed))
            throw new ValidationFailedException(new Dictionary<string, string[]> { [field] = ["A duration is required, e.g. 30d, 12h, or forever."] });
        if (trimmed is Forever or "inf" or "infinite" or "0") return null;
        var span = MetricQueryText.ParseDuration(trimmed, field);
        if (span < TimeSpan.FromMinutes(1))
            throw new ValidationFailedException(new Dictionary<string, string[]> { [field] = ["A retention must be at least 1m (or forever)."] });
        return span;
    }
}
