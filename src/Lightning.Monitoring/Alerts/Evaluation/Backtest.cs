using System.Text.Json.Serialization;
using Lightning.Monitoring.Alerts.Rules;

namespace Lightning.Monitoring.Alerts.Evaluation;

/// <summary>Replay a rule over [From, To]: a stored rule by id, or <see cref="Rule"/> as given (not saved).</summary>
public sealed record BacktestRequest(DateTimeOffset? From, DateTimeOffset? To, AlertRule? Rule = null);

/// <summary>What the rule would have done: each alert (per series) with when it went pending, fired and resolved, and every transition.</summary>
public sealed record BacktestResult(
    string Rule,
    DateTimeOffset From,
    DateTimeOffset To,
    [property: JsonConverter(typeof(DurationJsonConverter))] TimeSpan Interval,
    int Evaluations,
    int SeriesRead,
    long PointsRead,
    IReadOnlyList<BacktestAlert> Alerts,
    IReadOnlyList<BacktestTransition> Transitions);

public sealed record BacktestAlert(
    IReadOnlyDictionary<string, string> Labels,
    DateTimeOffset ActiveAt,
    DateTimeOffset? FiredAt,
    DateTimeOffset? ResolvedAt,
    AlertState FinalState,
    double? PeakValue,
    // When the query returned nothing (no-data) or failed (error): notified like a firing, but not a breach of the
    // condition, so it is told apart from FiredAt.
    DateTimeOffset? NoDataAt = null);

public sealed record BacktestTransition(DateTimeOffset At, IReadOnlyDictionary<string, string> Labels, AlertState From, AlertState To, double? Value);
