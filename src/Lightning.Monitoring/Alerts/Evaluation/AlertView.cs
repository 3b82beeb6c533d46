namespace Lightning.Monitoring.Alerts.Evaluation;

/// <summary>An alert as the API shows it.</summary>
public sealed record AlertView(
    string Id,
    string RuleId,
    string RuleName,
    string Fingerprint,
    AlertState State,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    double? Value,
    DateTimeOffset ActiveAt,
    DateTimeOffset? FiredAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset LastEvaluatedAt,
    AlertAcknowledgment? Acknowledgment,
    int EscalationStep);

public sealed record AlertAcknowledgment(string By, DateTimeOffset At, string Comment);

public sealed record AlertPage(IReadOnlyList<AlertView> Alerts, string? NextBefore);
