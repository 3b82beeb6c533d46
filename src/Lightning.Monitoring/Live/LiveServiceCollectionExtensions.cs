using Lightning.Monitoring.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Monitoring.Live;

public static class LiveServiceCollectionExtensions
{
    /// <summary>
    /// Wraps the <see cref="IMetricStore"/> registered last in a <see cref="SignallingMetricStore"/> and registers the
    /// <see cref="MetricWriteSignal"/>. Call it after the store is chosen (after <c>AddInfluxMetricStore</c>), since the
    /// last registration is the one resolved.
    /// </summary>
    public static IServiceCollection AddMetricWriteSignal(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<MetricWriteSignal>();
        var store = services.LastOrDefault(service => service.ServiceType == typeof(IMetricStore))
            ?? throw new InvalidOperationException("Register a metric store (AddEmbeddedMetricStore or AddInfluxMetricStore) before AddMetricWriteSignal.");
        if (store.ImplementationFactory is null || store.Lifetime != ServiceLifetime.Singleton)
            throw new InvalidOperationException("AddMetricWriteSignal expects the metric store registered as a singleton factory.");
        var resolveInner = store.ImplementationFactory;
        services.Remove(store);
        services.AddSingleton<IMetricStore>(provider =>
            new SignallingMetricStore((IMetricStore)resolveInner(provider), provider.GetRequiredService<MetricWriteSignal>()));
        return services;
    }
}
