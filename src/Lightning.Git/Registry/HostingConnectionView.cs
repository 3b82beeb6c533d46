namespace Lightning.Git.Registry;

/// <summary>
/// A hosting connection as the API shows it: never the token or the webhook secret, only whether a secret is set.
/// <paramref name="UpdatedAt"/> and <paramref name="UpdatedBy"/> say when and by whom it was last changed in place (null until then).
/// </summary>
public sealed record HostingConnectionView(
    string Name,
    string Provider,
    string BaseUrl,
    bool HasWebhookSecret,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? UpdatedAt = null,
    string? UpdatedBy = null);
