using Microsoft.Extensions.Options;

namespace Lightning.Git.Hosting.Webhooks;

/// <summary>Secrets from <see cref="WebhookOptions"/>.</summary>
public sealed class OptionsWebhookSecretSource(IOptionsMonitor<WebhookOptions> options) : IWebhookSecretSource
{
    public ValueTask<string?> GetSecretAsync(string provider, CancellationToken cancellationToken) =>
        ValueTask.FromResult(provider switch
        {
            WebhookReceiver.GitHub => options.CurrentValue.GitHubSecret,
            WebhookReceiver.GitLab => options.CurrentValue.GitLabSecret,
            _ => null,
        });
}
