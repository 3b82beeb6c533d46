namespace Lightning.Monitoring.Alerts.History;

/// <summary>
/// One entry of the alert history, and the event the dashboard streams: a state change, a notification sent or failed,
/// an acknowledgment, an escalation, or an alert muted by a silence or an inhibition.
/// </summary>
public sealed record AlertEvent(
    long Id,
    string? AlertId,
    string RuleId,
    DateTimeOffset At,
    string Type,
    string? From = null,
    string? To = null,
    string? Channel = null,
    string? By = null,
    string? Message = null,
    double? Value = null);

public static class AlertEventTypes
{
    public const string StateChanged = "state-changed";
    public const string Notified = "notified";
    public const string NotificationFailed = "notification-failed";
    public const string Acknowledged = "acknowledged";
    public const string Escalated = "escalated";
    public const string Silenced = "silenced";
    public const string Inhibited = "inhibited";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        StateChanged, Notified, NotificationFailed, Acknowledged, Escalated, Silenced, Inhibited,
    };
}

public sealed record AlertEventPage(IReadOnlyList<AlertEvent> Events, long? NextBefore);

/// <summary>Which history entries to read: by alert, rule, type and time, newest first, a page at a time.</summary>
public sealed record AlertHistoryQuery(
    string? AlertId = null,
    string? RuleId = null,
    string? Type = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Limit = 50,
    long? Before = null);
