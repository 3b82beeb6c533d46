using Lightning.Monitoring.Alerts;
using Lightning.Monitoring.Analysis;
using Lightning.Monitoring.Analysis.RootCause;
using Lightning.Monitoring.Collectors;
using Lightning.Monitoring.Dashboards;
using Lightning.Monitoring.Events;
using Lightning.Monitoring.Ingest;
using Lightning.Monitoring.Storage.Embedded;
using Lightning.Monitoring.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Monitoring;

public static class MonitoringServiceCollectionExtensions
{
    /// <summary>
    /// Everything the platform's monitoring needs in one call: the metric store (the embedded DuckDB file in the data
    /// directory; InfluxDB when configured, see <c>AddInfluxMetricStore</c>), ingest (line protocol, remote_write, JSON,
    /// scraping), the collectors writing into it, the monitor tool agent, the alert engine and the analyses reading from it.
    /// </summary>
    public static IServiceCollection AddLightningMonitoring(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddEmbeddedMetricStore();
        services.AddMonitoringIngest();
        services.AddMonitoringCollectors();
        services.AddMonitorTool();
        services.AddMonitoringAlerts();
        services.AddMetricAnalysis();
        services.AddMonitoringDashboards();
        services.AddPlatformEvents();
        services.TryAddSingleton<RootCauseInvestigator>();
        return services;
    }
}
