using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Monitoring.Storage.Influx;

public static class InfluxServiceCollectionExtensions
{
    /// <summary>The configuration key that picks the metric store: "influxdb" here, "embedded" for the default.</summary>
    public const string StoreKey = "Lightning:Monitoring:Store";

    /// <summary>
    /// Registers <see cref="InfluxMetricStore"/> as the <see cref="IMetricStore"/> when <c>Lightning:Monitoring:Store</c>
    /// is <c>influxdb</c>; otherwise leaves the store to another registration. Options are validated at start.
    /// </summary>
    public static IServiceCollection AddInfluxMetricStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!string.Equals(configuration[StoreKey], "influxdb", StringComparison.OrdinalIgnoreCase)) return services;
        services.AddOptions<InfluxStoreOptions>().BindConfiguration(InfluxStoreOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<InfluxMetricStore>();
        services.AddSingleton<IMetricStore>(provider => provider.GetRequiredService<InfluxMetricStore>());
        return services;
    }
}
