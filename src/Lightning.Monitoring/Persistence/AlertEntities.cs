namespace Lightning.Monitoring.Persistence;

// The alert tables' rows. Definitions that change shape as features grow (rule conditions, channel settings, routing)
// are kept as JSON documents, validated by their stores; what is filtered or sorted on has a column of its own.

public sealed class AlertRuleEntity
{
    public string Id { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public bool Enabled { get; set; }
    public string Definition { get; set; } = "{}";
    public string CreatedBy { get; set; } = string.Empty;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One alert: one rule on one result series, from the first breach until it resolves.</summary>
public sealed class AlertEntity
{
    public string Id { get; set; } = string.Empty;
    public string RuleId { get; set; } = string.Empty;
    public string RuleName { get; set; } = string.Empty;
    /// <summary>A hash of the rule id and the labels: the same series of the same rule has the same fingerprint.</summary>
    public string Fingerprint { get; set; } = string.Empty;
    public string Labels { get; set; } = "{}";
    public string Annotations { get; set; } = "{}";
    public string State { get; set; } = string.Empty;
    public double? Value { get; set; }
    public DateTimeOffset ActiveAt { get; set; }
    public DateTimeOffset? FiredAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public DateTimeOffset LastEvaluatedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgeComment { get; set; }
    /// <summary>Escalation steps already taken.</summary>
    public int EscalationStep { get; set; }
    /// <summary>Set once the resolution has been handed to the dispatcher, so a resolved alert is announced once.</summary>
    public bool ResolvedNotified { get; set; }
}

/// <summary>The history: every state change, notification, acknowledgment and escalation, in order.</summary>
public sealed class AlertEventEntity
{
    public long Id { get; set; }
    public string? AlertId { get; set; }
    public string RuleId { get; set; } = string.Empty;
    public DateTimeOffset At { get; set; }
    public string Type { get; set; } = string.Empty;
    public string? FromState { get; set; }
    public string? ToState { get; set; }
    public string? Channel { get; set; }
    public string? By { get; set; }
    public string? Message { get; set; }
    public double? Value { get; set; }
}

public sealed class SilenceEntity
{
    public string Id { get; set; } = string.Empty;
    public string Matchers { get; set; } = "[]";
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public string CreatedBy { get; set; } = string.Empty;
    public string Comment { get; set; } = string.Empty;
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class AlertChannelEntity
{
    public string Id { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public string Type { get; set; } = string.Empty;
    /// <summary>What is not secret (recipients, SMTP host and user), as JSON.</summary>
    public string Settings { get; set; } = "{}";
    /// <summary>The Slack or webhook URL, protected: such URLs carry their token.</summary>
    public string? ProtectedUrl { get; set; }
    /// <summary>The webhook signing secret or the SMTP password, protected.</summary>
    public string? ProtectedSecret { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A named JSON document: the routing tree, inhibition rules and escalation policies.</summary>
public sealed class AlertSettingEntity
{
    public string Key { get; set; } = string.Empty;
    public string Value { get; set; } = "{}";
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// A notification group that has sent (Alertmanager's notification log): when it last did, what it told, and which
/// alerts it announced, so that a restart neither repeats a notification before its interval nor forgets to tell of
/// a resolution.
/// </summary>
public sealed class NotificationGroupEntity
{
    /// <summary>A hash of the route and the group's label values.</summary>
    public string Id { get; set; } = string.Empty;
    public DateTimeOffset FirstSeen { get; set; }
    public DateTimeOffset LastSent { get; set; }
    public string LastSignature { get; set; } = string.Empty;
    /// <summary>The ids of the alerts announced as firing, as a JSON array.</summary>
    public string Announced { get; set; } = "[]";
}
