using Lightning.Core.Secrets;
using Lightning.Testing.History;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Testing.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// Failure notifications: the rules and deliveries store, the webhook and email senders and the run observer.
    /// Needs the run history (<see cref="HistoryServiceCollectionExtensions.AddTestRunHistory"/>) and the secret protector.
    /// </summary>
    public static IServiceCollection AddTestNotifications(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        if (!services.Any(d => d.ServiceType == typeof(ISecretProtector)))
        {
            services.AddLightningSecrets();
        }

        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            // The sender times each attempt itself; the client's own 100 s default would cut across retries.
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            // The factory's request logs carry the whole URL, and a webhook URL can itself be a credential (Slack's are).
            .RemoveAllLoggers();
        services.TryAddSingleton<NotificationRuleStore>();
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<EmailSender>();
        services.TryAddSingleton<TestRunNotifier>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITestRunObserver, TestRunNotifier>(provider => provider.GetRequiredService<TestRunNotifier>()));
        services.AddHostedService<PendingNotificationsService>();
        return services;
    }
}
