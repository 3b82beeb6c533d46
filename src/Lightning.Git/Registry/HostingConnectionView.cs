namespace Lightning.Git.Registry;

/// <summary>A hosting connection as the API shows it: never the token or the webhook secret, only whether a secret is set.</summary>
public sealed record HostingConnectionView(
    string Name,
    string Provider,
    string BaseUrl,
    bool HasWebhookSecret,
    DateTimeOffset CreatedAt,
    string CreatedBy);
