namespace Lightning.Testing.Notifications;

public enum NotificationDeliveryStatus
{
    /// <summary>Being sent (or waiting between retries).</summary>
    Pending,

    Delivered,

    /// <summary>Every attempt failed, or a failure that retrying cannot fix (4xx, a redirect to another host, no SMTP server).</summary>
    Failed,
}
