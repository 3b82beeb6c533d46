using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Server.Monitoring;

public static class MonitoringOperationsServiceCollectionExtensions
{
    /// <summary>Export, import, backups, retention policies (loaded at start) and migration jobs of the metric store.</summary>
    public static IServiceCollection AddMonitoringOperations(this IServiceCollection services)
    {
        services.AddOptions<MonitoringOperationsOptions>().BindConfiguration(MonitoringOperationsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MetricExporter>();
        services.AddSingleton<BackupCatalog>();
        services.AddSingleton<MigrationJobs>();
        services.AddSingleton<RetentionPolicies>();
        services.AddHostedService(provider => provider.GetRequiredService<RetentionPolicies>());
        return services;
    }
}
