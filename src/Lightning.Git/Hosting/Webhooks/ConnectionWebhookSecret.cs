namespace Lightning.Git.Hosting.Webhooks;

/// <summary>
/// A known connection's decrypted webhook secret; <see cref="Secret"/> is null when the connection has none (then no
/// delivery for it is trusted). A class, not a record, so that no generated <c>ToString</c> prints the secret.
/// </summary>
public sealed class ConnectionWebhookSecret(string connection, string? secret)
{
    public string Connection { get; } = connection;

    public string? Secret { get; } = secret;

    public override string ToString() => $"{Connection} ({(Secret is null ? "no webhook secret" : "webhook secret set")})";
}
