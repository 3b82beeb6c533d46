using System.ComponentModel.DataAnnotations;

namespace Lightning.Testing.Notifications;

/// <summary>The <c>Lightning:Testing:Notifications</c> section: retries, timeouts, the link base and the SMTP server.</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Lightning:Testing:Notifications";

    /// <summary>Attempts per delivery, the first included; retried on a 5xx, 408, 429, a timeout or a connection error.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The wait before the first retry; it doubles for each next one (2 s, 4 s, 8 s by default).</summary>
    [Range(0, 600_000)]
    public int RetryDelayMilliseconds { get; set; } = 2000;

    /// <summary>How long one webhook request or SMTP session may take.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// The server's public address (<c>https://lightning.example.com</c>) that run links start with; without it the
    /// link is the path alone (<c>/api/v2/testing/runs/{id}</c>).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Failures listed in one notification; the rest are counted.</summary>
    [Range(1, 500)]
    public int MaxFailuresListed { get; set; } = 20;

    public SmtpOptions Smtp { get; set; } = new();
}
