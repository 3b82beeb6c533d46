namespace Lightning.Testing.Notifications;

/// <summary>How a rule delivers: an HTTP POST signed with HMAC-SHA256, or an email through the configured SMTP server.</summary>
public enum NotificationChannel
{
    Webhook,
    Email,
}
