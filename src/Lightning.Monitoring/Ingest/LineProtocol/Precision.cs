using Lightning.Core.Errors;

namespace Lightning.Monitoring.Ingest.LineProtocol;

/// <summary>The unit of the timestamps in a line-protocol body (InfluxDB's <c>precision</c> parameter).</summary>
public enum Precision
{
    Nanoseconds,
    Microseconds,
    Milliseconds,
    Seconds,
    Minutes,
    Hours,
}

public static class Precisions
{
    /// <summary>Parses InfluxDB's names: n/ns, u/us/µ, ms, s, m, h; null or empty is nanoseconds.</summary>
    public static Precision Parse(string? text) => text switch
    {
        null or "" or "n" or "ns" => Precision.Nanoseconds,
        "u" or "us" or "µ" => Precision.Microseconds,
        "ms" => Precision.Milliseconds,
        "s" => Precision.Seconds,
        "m" => Precision.Minutes,
        "h" => Precision.Hours,
        _ => throw new ValidationFailedException($"Unknown precision '{text}': use n, u, ms, s, m or h."),
    };

    /// <summary>Nanoseconds per unit.</summary>
    public static long Multiplier(this Precision precision) => precision switch
    {
        Precision.Nanoseconds => 1,
        Precision.Microseconds => 1_000,
        Precision.Milliseconds => 1_000_000,
        Precision.Seconds => 1_000_000_000,
        Precision.Minutes => 60_000_000_000,
        Precision.Hours => 3_600_000_000_000,
        _ => throw new ArgumentOutOfRangeException(nameof(precision)),
    };
}
