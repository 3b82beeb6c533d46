namespace Lightning.Testing.Notifications;

/// <summary>A row of <c>test_notification_rules</c>. The webhook secret is only ever stored as protector ciphertext.</summary>
public sealed class NotificationRuleEntity
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    /// <summary>A glob over run repositories (<c>shop</c>, <c>services/*</c>, <c>**</c>).</summary>
    public required string Repository { get; set; }

    /// <summary><see cref="NotificationEvents.Join"/> of the events the rule wants.</summary>
    public required string Events { get; set; }

    public NotificationChannel Channel { get; set; }

    public string? Url { get; set; }

    public string? ProtectedSecret { get; set; }

    /// <summary>Email recipients, comma-separated.</summary>
    public string? Recipients { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
