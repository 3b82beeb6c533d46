using Lightning.Agents.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Monitoring.Tools;

public static class MonitorToolServiceCollectionExtensions
{
    /// <summary>The monitor tool agent (query, watch) over the <see cref="Storage.IMetricStore"/> registered with it.</summary>
    public static IServiceCollection AddMonitorTool(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentTool, MonitorTool>());
        return services;
    }
}
