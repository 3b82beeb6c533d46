using Lightning.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lightning.Git.Hosting.Webhooks;

public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="WebhookReceiver"/> with secrets from <c>Lightning:Git:Webhooks</c> (replace
    /// <see cref="IWebhookSecretSource"/> to read them elsewhere) and the delivery store at
    /// <c>&lt;data&gt;/git/webhook-deliveries.db</c>. Add <see cref="IGitEventSink"/>s to act on events.
    /// </summary>
    public static IServiceCollection AddGitWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWebhookSecretSource, OptionsWebhookSecretSource>();
        services.TryAddSingleton(provider =>
            new WebhookDeliveryStore(provider.GetRequiredService<IOptions<LightningOptions>>().Value.DataPath("git", "webhook-deliveries.db")));
        services.TryAddSingleton<WebhookReceiver>();
        return services;
    }
}
