namespace Lightning.Git.Hosting.Webhooks;

/// <summary>Where the receiver gets a provider's hook secret (the lead may back this with encrypted connection settings).</summary>
public interface IWebhookSecretSource
{
    /// <summary>The secret for <paramref name="provider"/> (<c>github</c> or <c>gitlab</c>), or null when none is configured.</summary>
    ValueTask<string?> GetSecretAsync(string provider, CancellationToken cancellationToken);
}
