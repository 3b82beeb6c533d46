namespace Lightning.Git.Hosting.Webhooks;

/// <summary>
/// The webhook secrets stored with hosting connections, for <c>/webhooks/{provider}/{connection}</c>: a hook set up for one
/// connection is checked against that connection's secret only, never the provider-wide one from configuration.
/// </summary>
public interface IConnectionWebhookSecretSource
{
    /// <summary>
    /// The connection named <paramref name="connection"/> of <paramref name="provider"/> and its secret; null when no
    /// connection of that name belongs to that provider.
    /// </summary>
    ValueTask<ConnectionWebhookSecret?> GetSecretAsync(string provider, string connection, CancellationToken cancellationToken);
}
