namespace Lightning.Monitoring.Alerts.Evaluation;

public enum RuleHealth
{
    Ok,
    NoData,
    Error,
}

/// <summary>One result series at one evaluation: its tags, the value compared (or the anomaly score) and the verdict.</summary>
public sealed record SeriesVerdict(IReadOnlyDictionary<string, string> Tags, double? Value, bool Breached, string? Reason = null);

/// <summary>One evaluation of one rule: per-series verdicts, or no data, or the error that stopped it.</summary>
public sealed record RuleEvaluation(RuleHealth Health, IReadOnlyList<SeriesVerdict> Series, string? Error = null)
{
    public static RuleEvaluation NoSeries { get; } = new(RuleHealth.NoData, []);

    public static RuleEvaluation Failed(string error) => new(RuleHealth.Error, [], error);
}
