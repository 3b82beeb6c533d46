using Lightning.Monitoring.Collectors.Database;
using Lightning.Monitoring.Collectors.Host;
using Lightning.Monitoring.Collectors.Http;
using Lightning.Monitoring.Collectors.Processes;
using Lightning.Monitoring.Collectors.Runtime;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lightning.Monitoring.Collectors;

public static class CollectorsServiceCollectionExtensions
{
    /// <summary>
    /// The collectors and the <see cref="CollectorHost"/> that runs them (options from <c>Lightning:Monitoring:Collectors</c>,
    /// then <paramref name="configure"/>). The host writes to the <c>IMetricStore</c> registered by the storage module.
    /// The EF Core query profiler is registered as an <see cref="IInterceptor"/>: a DbContext picks it up with
    /// <c>builder.AddInterceptors(provider.GetServices&lt;IInterceptor&gt;())</c>. Any <see cref="ICollector"/> registered
    /// in DI runs under the same host.
    /// </summary>
    public static IServiceCollection AddMonitoringCollectors(this IServiceCollection services, Action<CollectorOptions>? configure = null)
    {
        var builder = services.AddOptions<CollectorOptions>().BindConfiguration(CollectorOptions.SectionName).ValidateOnStart();
        if (configure is not null) builder.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CollectorOptions>, CollectorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MonitoredProcesses>();
        // Core's process runner tells this of every process it starts: the process collector samples them per program.
        services.TryAddSingleton<PlatformProcesses>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Lightning.Core.Processes.IProcessObserver, PlatformProcesses>(provider => provider.GetRequiredService<PlatformProcesses>()));
        services.TryAddSingleton(provider => new QueryProfiler(provider.GetRequiredService<IOptions<CollectorOptions>>().Value.Queries.MaxStatements));
        services.TryAddSingleton<QueryProfilerInterceptor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInterceptor, QueryProfilerInterceptor>(provider => provider.GetRequiredService<QueryProfilerInterceptor>()));

        services.TryAddSingleton<HostCollector>();
        services.TryAddSingleton<ProcessCollector>();
        services.TryAddSingleton<MeterCollector>();
        services.TryAddSingleton<HttpCheckCollector>();
        services.TryAddSingleton<QueryProfilerCollector>();
        services.TryAddSingleton<PostgresStatementsCollector>();
        services.TryAddSingleton(provider => new CollectorHost(
            EnabledCollectors(provider), provider.GetRequiredService<Storage.IMetricStore>(), provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<CollectorHost>>(),
            provider.GetRequiredService<IOptions<CollectorOptions>>().Value.HostName));
        services.AddHostedService(provider => provider.GetRequiredService<CollectorHost>());
        return services;
    }

    /// <summary>Only the enabled collectors are created: a disabled meter listener or HTTP client costs nothing.</summary>
    static List<ICollector> EnabledCollectors(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<CollectorOptions>>().Value;
        var collectors = new List<ICollector>();
        if (options.Host.Enabled) collectors.Add(provider.GetRequiredService<HostCollector>());
        if (options.Processes.Enabled) collectors.Add(provider.GetRequiredService<ProcessCollector>());
        if (options.Runtime.Enabled) collectors.Add(provider.GetRequiredService<MeterCollector>());
        if (options.Http.Checks.Count > 0) collectors.Add(provider.GetRequiredService<HttpCheckCollector>());
        if (options.Queries.Enabled) collectors.Add(provider.GetRequiredService<QueryProfilerCollector>());
        if (options.Postgres.Servers.Count > 0) collectors.Add(provider.GetRequiredService<PostgresStatementsCollector>());
        // Other modules add their own sources with services.AddSingleton<ICollector, TheirCollector>().
        collectors.AddRange(provider.GetServices<ICollector>());
        return collectors;
    }
}
