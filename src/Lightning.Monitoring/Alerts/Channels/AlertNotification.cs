using System.Globalization;
using System.Text;
using Lightning.Monitoring.Alerts.Evaluation;

namespace Lightning.Monitoring.Alerts.Channels;

/// <summary>
/// What one notification carries: a group of alerts (firing and resolved), shaped like Alertmanager's webhook payload
/// so existing receivers read it: status, group and common labels, and each alert's labels, annotations and times.
/// </summary>
public sealed record AlertNotification(
    string DeliveryId,
    string Status,
    string Reason,
    IReadOnlyDictionary<string, string> GroupLabels,
    IReadOnlyDictionary<string, string> CommonLabels,
    IReadOnlyList<NotifiedAlert> Alerts,
    DateTimeOffset SentAt)
{
    /// <summary>The payload's version, for receivers.</summary>
    public string Version { get; } = "1";

    public string Title
    {
        get
        {
            var firing = Alerts.Count(a => a.Status != "resolved");
            var name = GroupLabels.TryGetValue(AlertTracker.AlertNameLabel, out var n) ? n
                : CommonLabels.TryGetValue(AlertTracker.AlertNameLabel, out var c) ? c : "alerts";
            var prefix = Reason == "test" ? "[TEST] " : Reason == "escalation" ? "[ESCALATED] " : string.Empty;
            return firing > 0 ? $"{prefix}[FIRING:{firing}] {name}" : $"{prefix}[RESOLVED] {name}";
        }
    }

    public string ToText()
    {
        var text = new StringBuilder().AppendLine(Title);
        foreach (var alert in Alerts)
        {
            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture, $"- {alert.Status.ToUpperInvariant()} {alert.Id}");
            if (alert.Value is { } value) text.Append(CultureInfo.InvariantCulture, $" (value {value:0.###})");
            text.AppendLine();
            foreach (var (key, val) in alert.Annotations) text.AppendLine(CultureInfo.InvariantCulture, $"  {key}: {val}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  labels: {string.Join(", ", alert.Labels.Select(p => $"{p.Key}={p.Value}"))}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  since: {alert.StartsAt:yyyy-MM-dd HH:mm:ss}Z");
            if (alert.Acknowledgment is { } ack) text.AppendLine(CultureInfo.InvariantCulture, $"  acknowledged by {ack.By}: {ack.Comment}");
        }

        return text.ToString();
    }
}

public sealed record NotifiedAlert(
    string Id,
    string Status,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    double? Value,
    string Fingerprint,
    AlertAcknowledgment? Acknowledgment)
{
    public static NotifiedAlert From(AlertView alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new(alert.Id, alert.State == AlertState.Resolved ? "resolved" : AlertStates.Name(alert.State), alert.Labels, alert.Annotations,
            alert.FiredAt ?? alert.ActiveAt, alert.ResolvedAt, alert.Value, alert.Fingerprint, alert.Acknowledgment);
    }
}
