using Lightning.Core.Secrets;
using Microsoft.Extensions.Options;

namespace Lightning.Git.Hosting.Webhooks;

/// <summary>
/// Secrets from <see cref="WebhookOptions"/>. A secret kept there as a protected value (<c>v1:...</c>, from
/// <see cref="ISecretProtector.Protect"/>) is decrypted when a protector is registered.
/// </summary>
public sealed class OptionsWebhookSecretSource(IOptionsMonitor<WebhookOptions> options, ISecretProtector? secretProtector = null) : IWebhookSecretSource
{
    public ValueTask<string?> GetSecretAsync(string provider, CancellationToken cancellationToken)
    {
        var secret = provider switch
        {
            WebhookReceiver.GitHub => options.CurrentValue.GitHubSecret,
            WebhookReceiver.GitLab => options.CurrentValue.GitLabSecret,
            _ => null,
        };
        return ValueTask.FromResult(secretProtector is not null && secret?.StartsWith("v1:", StringComparison.Ordinal) == true
            ? secretProtector.Unprotect(secret)
            : secret);
    }
}
