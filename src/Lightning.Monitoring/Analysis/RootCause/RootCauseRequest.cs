using Lightning.Monitoring.Analysis.Correlations;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Analysis.RootCause;

/// <summary>
/// What to explain: an alert (its onset, labels and, while its rule exists, its series) or an explicit
/// <see cref="Onset"/> with an optional <see cref="Target"/> series (its time range is ignored: the window around the
/// onset is read). <see cref="Candidates"/> are the series that may have caused it (default: every series of the
/// target's field, e.g. the other hosts).
/// </summary>
public sealed record RootCauseRequest
{
    public string? AlertId { get; init; }
    public DateTimeOffset? Onset { get; init; }
    public MetricQuery? Target { get; init; }
    public IReadOnlyList<CandidateSpec> Candidates { get; init; } = [];
    public IReadOnlyList<TagFilter> CandidateWhere { get; init; } = [];

    /// <summary>Series are compared as means of buckets this wide.</summary>
    public TimeSpan Every { get; init; } = TimeSpan.FromMinutes(1);
    public RootCauseSettings Settings { get; init; } = RootCauseSettings.Default;
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
