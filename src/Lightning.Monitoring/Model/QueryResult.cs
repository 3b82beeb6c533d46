namespace Lightning.Monitoring.Model;

/// <summary>One result series: the group's tags and its points in time order. Missing values (fill null) are NaN.</summary>
public sealed record SeriesResult(
    string Measurement,
    IReadOnlyDictionary<string, string> Tags,
    string Field,
    long[] TimestampsNs,
    double[] Values);

public sealed record QueryResult(IReadOnlyList<SeriesResult> Series)
{
    public static QueryResult Empty { get; } = new([]);

    public long PointCount => Series.Sum(s => (long)s.Values.Length);
}

/// <summary>A stored series and the fields written to it, with their types.</summary>
public sealed record SeriesInfo(SeriesKey Series, IReadOnlyDictionary<string, FieldKind> Fields);

/// <summary>Which series to list: a measurement (or all), tag filters, and a bound on how many come back.</summary>
public sealed record SeriesFilter(string? Measurement = null, IReadOnlyList<TagFilter>? Where = null, int Limit = 1000);

/// <summary>
/// Which tag values to list: the distinct values of the tag <paramref name="Key"/> over the series of a measurement (or
/// all), optionally narrowed by other tags, sorted (ordinal) and bounded by <paramref name="Limit"/>.
/// </summary>
public sealed record TagValuesFilter(string Key, string? Measurement = null, IReadOnlyList<TagFilter>? Where = null, int Limit = 1000);
