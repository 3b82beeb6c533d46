namespace Lightning.Git.Registry;

/// <summary>
/// A change to a hosting connection in place (<c>PATCH /api/v2/git/connections/{name}</c>); a field left out (null) stays
/// as it is. An empty <paramref name="WebhookSecret"/> removes the secret (then no delivery for the connection is
/// trusted); an empty <paramref name="BaseUrl"/> goes back to the provider's public host, as leaving it out of the
/// registration does. The name and the provider never change: a connection for another provider is a new connection.
/// </summary>
public sealed record HostingConnectionUpdate(string? Token = null, string? WebhookSecret = null, string? BaseUrl = null)
{
    // A record would print the token and the secret.
    public override string ToString() =>
        $"HostingConnectionUpdate {{ Token = {(Token is null ? "unchanged" : "new")}, WebhookSecret = {(WebhookSecret is null ? "unchanged" : WebhookSecret.Length == 0 ? "removed" : "new")}, BaseUrl = {BaseUrl ?? "unchanged"} }}";
}
