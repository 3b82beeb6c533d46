namespace Lightning.Monitoring.Model;

/// <summary>
/// One sample of a series: its fields at one instant. Timestamps are nanoseconds since the Unix epoch (UTC), as in
/// InfluxDB's line protocol.
/// </summary>
public sealed record MetricPoint(SeriesKey Series, IReadOnlyList<KeyValuePair<string, FieldValue>> Fields, long TimestampNs)
{
    public static MetricPoint Of(string measurement, IEnumerable<KeyValuePair<string, string>>? tags, string field, double value, DateTimeOffset at) =>
        new(new SeriesKey(measurement, tags), [new(field, FieldValue.OfFloat(value))], Timestamps.ToNanoseconds(at));
}

public static class Timestamps
{
    public static long ToNanoseconds(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    public static DateTimeOffset FromNanoseconds(long nanoseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100);
}
