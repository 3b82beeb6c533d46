namespace Lightning.Monitoring.Model;

public enum TagOperator
{
    Equal,
    NotEqual,
    /// <summary>The tag value matches a regular expression (InfluxQL <c>=~</c>).</summary>
    Matches,
    /// <summary>The tag value does not match a regular expression (InfluxQL <c>!~</c>).</summary>
    NotMatches,
}

public sealed record TagFilter(string Key, TagOperator Operator, string Value);

public enum Aggregate
{
    Mean,
    Min,
    Max,
    Sum,
    Count,
    First,
    Last,
    Median,
    Stddev,
    /// <summary>The percentile named by <see cref="MetricQuery.Percentile"/>.</summary>
    Percentile,
}

/// <summary>How buckets without points are filled (InfluxQL <c>fill()</c>).</summary>
public enum Fill
{
    /// <summary>Empty buckets are left out.</summary>
    None,
    /// <summary>Empty buckets are returned with NaN.</summary>
    Null,
    Previous,
    Zero,
    Linear,
}

/// <summary>
/// One query over one field of one measurement, in a form every store answers the same way: the embedded store turns it
/// into SQL, the InfluxDB store into InfluxQL. Without <see cref="Aggregate"/> the raw points come back; with it and
/// <see cref="Every"/>, one value per time bucket (buckets aligned to the epoch, as InfluxDB aligns them).
/// </summary>
public sealed record MetricQuery
{
    public required string Measurement { get; init; }
    public string Field { get; init; } = "value";
    public IReadOnlyList<TagFilter> Where { get; init; } = [];

    /// <summary>Inclusive start.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>Exclusive end.</summary>
    public required DateTimeOffset To { get; init; }

    public Aggregate? Aggregate { get; init; }

    /// <summary>Percentile 0-100, for <see cref="Model.Aggregate.Percentile"/>.</summary>
    public double? Percentile { get; init; }

    /// <summary>Bucket width; needs <see cref="Aggregate"/>. Without it, an aggregate gives one value per group.</summary>
    public TimeSpan? Every { get; init; }

    /// <summary>Tags to group by; one result series per distinct combination. "*" groups by every tag (one result per series).</summary>
    public IReadOnlyList<string> GroupBy { get; init; } = [];

    public Fill Fill { get; init; } = Fill.None;

    /// <summary>Most points per result series, newest last; null for no limit (stores still bound the range, see their options).</summary>
    public int? Limit { get; init; }
}
