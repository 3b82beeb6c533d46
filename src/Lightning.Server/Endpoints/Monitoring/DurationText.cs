namespace Lightning.Server.Endpoints.Monitoring;

/// <summary>Durations as the query text forms write them (30m, 1h, 90s, 250ms, 3d), signed; whole units when they fit.</summary>
public static class DurationText
{
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.Zero) return "-" + Format(span.Negate());
        var ms = (long)Math.Round(span.TotalMilliseconds);
        return ms == 0 ? "0s"
            : ms % 86_400_000 == 0 ? $"{ms / 86_400_000}d"
            : ms % 3_600_000 == 0 ? $"{ms / 3_600_000}h"
            : ms % 60_000 == 0 ? $"{ms / 60_000}m"
            : ms % 1000 == 0 ? $"{ms / 1000}s"
            : $"{ms}ms";
    }

    /// <summary>A rough reading of a long span for people (3d 4h, 2h 5m, 45m), for times left and coverage.</summary>
    public static string Approximate(TimeSpan span)
    {
        if (span < TimeSpan.Zero) return "-" + Approximate(span.Negate());
        return span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours}h"
            : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes}m"
            : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m"
            : $"{(int)span.TotalSeconds}s";
    }
}
