using Lightning.Core.Mail;

namespace Lightning.Monitoring.Alerts.Channels;

public enum ChannelType
{
    Email,
    Slack,
    Webhook,
}

/// <summary>
/// A channel as created or changed. Secrets (<see cref="Url"/>, <see cref="Secret"/>, <see cref="Password"/>) are
/// write-only: stored protected, never shown again; on a change, leaving one out keeps the stored one.
/// </summary>
public sealed record AlertChannelRequest
{
    public string? Name { get; init; }
    public ChannelType? Type { get; init; }

    /// <summary>Email: recipients.</summary>
    public IReadOnlyList<string>? To { get; init; }
    public string? SmtpHost { get; init; }
    public int? SmtpPort { get; init; }
    public string? From { get; init; }
    public string? User { get; init; }
    public string? Password { get; init; }
    public SmtpSecurity? Security { get; init; }

    /// <summary>Slack: the incoming-webhook URL; webhook: the URL to POST to.</summary>
    public string? Url { get; init; }

    /// <summary>Webhook: the HMAC-SHA256 signing secret.</summary>
    public string? Secret { get; init; }
}

/// <summary>A channel as the API shows it: no URL (it may carry a token) beyond its host, no secret, no password.</summary>
public sealed record AlertChannelView(
    string Id,
    string Name,
    ChannelType Type,
    IReadOnlyList<string> To,
    string? SmtpHost,
    int? SmtpPort,
    string? From,
    string? User,
    SmtpSecurity? Security,
    string? UrlHost,
    bool HasPassword,
    bool HasSecret,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>What a channel keeps besides its secrets.</summary>
internal sealed record ChannelSettings
{
    public IReadOnlyList<string> To { get; init; } = [];
    public string? SmtpHost { get; init; }
    public int SmtpPort { get; init; } = 25;
    public string? From { get; init; }
    public string? User { get; init; }
    public SmtpSecurity Security { get; init; } = SmtpSecurity.StartTlsWhenAvailable;
    public string? UrlHost { get; init; }
}

/// <summary>A channel with its secrets in the clear, for a sender only; never serialized.</summary>
internal sealed record ResolvedChannel(string Id, string Name, ChannelType Type, ChannelSettings Settings, Uri? Url, string? Secret);

/// <summary>How one delivery to one channel ended.</summary>
public sealed record DeliveryResult(bool Delivered, int Attempts, int? ResponseStatus, string? Error);
