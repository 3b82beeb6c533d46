namespace Lightning.Testing.Notifications;

/// <summary>
/// A row of <c>test_notification_deliveries</c>: one rule told of one run (or a sample). Deleted with its run; kept
/// (with the rule's name) when the rule is deleted, so the log still says what was sent.
/// </summary>
public sealed class NotificationDeliveryEntity
{
    public required string Id { get; set; }

    public required string RuleId { get; set; }

    public required string RuleName { get; set; }

    /// <summary>Null for a sample sent by the rule's test route.</summary>
    public string? RunId { get; set; }

    public required string Events { get; set; }

    public NotificationChannel Channel { get; set; }

    /// <summary>Where it went: the webhook's host, or the recipients.</summary>
    public required string Target { get; set; }

    public NotificationDeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    /// <summary>The last HTTP status a webhook answered.</summary>
    public int? ResponseStatus { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}
