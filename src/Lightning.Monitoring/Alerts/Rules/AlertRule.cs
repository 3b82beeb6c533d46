using System.Text.Json.Serialization;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Alerts.Rules;

/// <summary>
/// An alert rule, after Prometheus and Grafana: a query, a condition checked per result series (so one rule fires once
/// per host), how long the condition must hold (<see cref="For"/>) and how often it is checked, plus the labels and
/// annotations its alerts carry. Annotations are templates: <c>{{ $value }}</c>, <c>{{ $labels.host }}</c>.
/// </summary>
public sealed record AlertRule
{
    public string Id { get; init; } = string.Empty;
    public required string Name { get; init; }
    public required AlertQuery Query { get; init; }
    public required AlertCondition Condition { get; init; }

    /// <summary>How long the condition must hold before the alert fires; zero fires on the first breach.</summary>
    [JsonConverter(typeof(DurationJsonConverter))]
    public TimeSpan For { get; init; }

    /// <summary>How often the rule is checked. 5 s by default, so that breach to notification stays within 15 s.</summary>
    [JsonConverter(typeof(DurationJsonConverter))]
    public TimeSpan Interval { get; init; } = AlertRuleDefaults.Interval;

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>What an evaluation that finds no series means: a <c>no-data</c> alert (default) or all clear.</summary>
    public NoDataBehavior NoData { get; init; } = NoDataBehavior.NoData;

    public bool Enabled { get; init; } = true;

    public string? CreatedBy { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

public static class AlertRuleDefaults
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan AnomalyWindow = TimeSpan.FromHours(1);
}

public enum NoDataBehavior
{
    NoData,
    Ok,
}

/// <summary>What a rule reads: one field of one measurement, filtered by tags, one result series per group.</summary>
public sealed record AlertQuery
{
    public required string Measurement { get; init; }
    public string Field { get; init; } = "value";
    public IReadOnlyList<TagFilter> Where { get; init; } = [];

    /// <summary>Tags that split the result into series (one alert per combination); "*" for every tag.</summary>
    public IReadOnlyList<string> GroupBy { get; init; } = [];

    /// <summary>The shared store query over [from, to) with this rule's filters and grouping.</summary>
    public MetricQuery ToMetricQuery(DateTimeOffset from, DateTimeOffset to, Aggregate? aggregate = null, double? percentile = null) => new()
    {
        Measurement = Measurement,
        Field = Field,
        Where = Where,
        GroupBy = GroupBy,
        From = from,
        To = to,
        Aggregate = aggregate,
        Percentile = percentile,
    };
}

public enum ConditionType
{
    Threshold,
    Anomaly,
}

public enum ComparisonOperator
{
    [JsonStringEnumMemberName(">")] GreaterThan,
    [JsonStringEnumMemberName(">=")] GreaterOrEqual,
    [JsonStringEnumMemberName("<")] LessThan,
    [JsonStringEnumMemberName("<=")] LessOrEqual,
    [JsonStringEnumMemberName("==")] Equal,
    [JsonStringEnumMemberName("!=")] NotEqual,
}

/// <summary>How a window of points becomes the one value a threshold compares.</summary>
public enum Reducer
{
    Last,
    Mean,
    Min,
    Max,
    Sum,
    Count,
    Median,
    Stddev,
    Percentile,
}

/// <summary>
/// The condition, per result series. <c>threshold</c>: the series reduced over <see cref="Window"/> (its last value by
/// default) compared with <see cref="Threshold"/>. <c>anomaly</c>: the points of <see cref="Window"/> handed to the
/// anomaly detector (<see cref="Evaluation.IAnomalyEvaluator"/>) with <see cref="Sensitivity"/>.
/// </summary>
public sealed record AlertCondition
{
    public ConditionType Type { get; init; } = ConditionType.Threshold;
    public ComparisonOperator? Operator { get; init; }
    public double? Threshold { get; init; }
    public Reducer Reducer { get; init; } = Reducer.Last;

    /// <summary>0-100, for <see cref="Reducer.Percentile"/>.</summary>
    public double? Percentile { get; init; }

    /// <summary>The points looked at: 5 minutes by default for thresholds, an hour for anomalies.</summary>
    [JsonConverter(typeof(DurationJsonConverter))]
    public TimeSpan? Window { get; init; }

    /// <summary>Anomaly only: how unusual a point must be (the detector's threshold in robust standard deviations), the detector's tuned default (5) when absent.</summary>
    public double? Sensitivity { get; init; }

    public TimeSpan EffectiveWindow => Window ?? (Type == ConditionType.Anomaly ? AlertRuleDefaults.AnomalyWindow : AlertRuleDefaults.Window);

    public string Describe() => Type == ConditionType.Anomaly
        ? $"anomalous over {Duration.Format(EffectiveWindow)}"
        : $"{Reducer.ToString().ToLowerInvariant()} over {Duration.Format(EffectiveWindow)} {Symbol(Operator)} {Threshold?.ToString("G", System.Globalization.CultureInfo.InvariantCulture)}";

    public static string Symbol(ComparisonOperator? op) => op switch
    {
        ComparisonOperator.GreaterThan => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Equal => "==",
        ComparisonOperator.NotEqual => "!=",
        _ => "?",
    };
}
