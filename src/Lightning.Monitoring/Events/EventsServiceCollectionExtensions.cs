using Lightning.Monitoring.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Monitoring.Events;

public static class EventsServiceCollectionExtensions
{
    /// <summary>
    /// Platform events: the module's own store (a source too) and the reader merging every registered
    /// <see cref="IPlatformEventSource"/>. Other modules' sources are added by whoever composes them (the server adds
    /// collaborations). Needs the <see cref="MonitoringDbContext"/> the alerts feature registers.
    /// </summary>
    public static IServiceCollection AddPlatformEvents(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PlatformEventStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPlatformEventSource, PlatformEventStore>(provider => provider.GetRequiredService<PlatformEventStore>()));
        services.TryAddSingleton<PlatformEventReader>();
        return services;
    }
}
