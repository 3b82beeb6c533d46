using System.Globalization;

namespace Lightning.Testing.Results;

/// <summary>Conversions shared by the parsers and writers, exact both ways so that a report survives a round trip.</summary>
internal static class ReportValues
{
    const long TicksPerSecond = TimeSpan.TicksPerSecond;

    /// <summary>
    /// Seconds as reports write them ("0.007477", "12", Surefire's "1,234.5"); decimal arithmetic keeps every tick.
    /// Null for an empty value; false for text that is not a number.
    /// </summary>
    public static bool TryParseSeconds(string? text, out TimeSpan? duration)
    {
        duration = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var cleaned = text.Trim().Replace(",", string.Empty, StringComparison.Ordinal);
        if (!decimal.TryParse(cleaned, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || seconds > TimeSpan.MaxValue.Ticks / TicksPerSecond || seconds < TimeSpan.MinValue.Ticks / TicksPerSecond)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)decimal.Round(seconds * TicksPerSecond, MidpointRounding.AwayFromZero));
        return true;
    }

    /// <summary>Seconds with as many decimals as the ticks need ("0.5", "0.0074770", trimmed to "0.007477").</summary>
    public static string FormatSeconds(TimeSpan duration)
    {
        var seconds = (decimal)duration.Ticks / TicksPerSecond;
        return seconds.ToString("0.#######", CultureInfo.InvariantCulture);
    }

    public static TimeSpan FromMilliseconds(double milliseconds) =>
        TimeSpan.FromTicks((long)Math.Round(milliseconds * TimeSpan.TicksPerMillisecond, MidpointRounding.AwayFromZero));

    /// <summary>ISO 8601 timestamps; one without an offset (Ant, jest-junit, pytest) is read as UTC.</summary>
    public static bool TryParseTimestamp(string? text, out DateTimeOffset? timestamp)
    {
        timestamp = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        timestamp = parsed;
        return true;
    }

    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    public static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>The first non-blank line, trimmed: a message for formats that only give a body (jest-junit, PHPUnit).</summary>
    public static string? FirstLine(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var trimmed = line.Trim();
            if (!trimmed.IsEmpty)
            {
                return trimmed.ToString();
            }
        }

        return null;
    }

    public static string? Append(string? text, string? more)
    {
        if (string.IsNullOrEmpty(more))
        {
            return text;
        }

        return text is null ? more : text + more;
    }
}
