using Lightning.Core.Secrets;
using Lightning.Core.Storage;
using Lightning.Monitoring.Alerts.Channels;
using Lightning.Monitoring.Alerts.Evaluation;
using Lightning.Monitoring.Alerts.History;
using Lightning.Monitoring.Alerts.Notifications;
using Lightning.Monitoring.Alerts.Rules;
using Lightning.Monitoring.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Monitoring.Alerts;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>
    /// Alerting: rules, evaluation, routing, channels, history and backtests, their tables in the platform database
    /// (<see cref="MonitoringDbContext"/>, migrated with <c>DatabaseSetup.MigrateAsync</c> at start), and the loop
    /// (<see cref="AlertLoopService"/>). Reads metrics through the <see cref="Storage.IMetricStore"/> registered by the
    /// storage feature; anomaly conditions use the consensus detector (<see cref="ConsensusAnomalyEvaluator"/>). Needs <see cref="LightningOptions"/>.
    /// </summary>
    public static IServiceCollection AddMonitoringAlerts(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddLightningDbContext<MonitoringDbContext, SqliteMonitoringDbContext, PostgresMonitoringDbContext>();
        if (!services.Any(d => d.ServiceType == typeof(ISecretProtector))) services.AddLightningSecrets();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(AlertChannelSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            // Each attempt is timed by the sender; the client's 100 s default would cut across retries.
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            // The factory's request logs carry the whole URL, and Slack and webhook URLs are credentials.
            .RemoveAllLoggers();
        services.TryAddSingleton<IAnomalyEvaluator, ConsensusAnomalyEvaluator>();
        services.TryAddSingleton(provider => new ConditionEvaluator(provider.GetService<IAnomalyEvaluator>()));
        services.TryAddSingleton<AlertRuleStore>();
        services.TryAddSingleton<AlertStore>();
        services.TryAddSingleton<AlertEventStream>();
        services.TryAddSingleton<AlertHistory>();
        services.TryAddSingleton<AlertEvaluator>();
        services.TryAddSingleton<AlertBacktester>();
        services.TryAddSingleton<RoutingStore>();
        services.TryAddSingleton<RoutingTester>();
        services.TryAddSingleton<SilenceStore>();
        services.TryAddSingleton<AlertChannelStore>();
        services.TryAddSingleton<AlertChannelSender>();
        services.TryAddSingleton<AlertDispatcher>();
        services.AddHostedService<AlertLoopService>();
        return services;
    }
}
