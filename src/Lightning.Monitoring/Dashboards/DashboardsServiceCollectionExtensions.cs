using Lightning.Monitoring.Alerts.History;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Monitoring.Dashboards;

public static class DashboardsServiceCollectionExtensions
{
    /// <summary>Saved dashboards, their PDF reports and the alert-state timeline charts draw (needs the alert services).</summary>
    public static IServiceCollection AddMonitoringDashboards(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DashboardStore>();
        services.TryAddSingleton<AlertStateTimeline>();
        services.TryAddSingleton<DashboardReports>();
        return services;
    }
}
