namespace Lightning.Git.Persistence;

/// <summary>
/// A GitHub or GitLab account the platform talks to. The token and the webhook secret are stored only as
/// ciphertext from the secret protector.
/// </summary>
public sealed class HostingConnectionEntity
{
    public required string Name { get; set; }

    /// <summary><c>github</c> or <c>gitlab</c>.</summary>
    public required string Provider { get; set; }

    public required string BaseUrl { get; set; }

    public required string ProtectedToken { get; set; }

    public string? ProtectedWebhookSecret { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    /// <summary>When the token, webhook secret or base URL last changed in place; null until then.</summary>
    public DateTimeOffset? UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}
