using Lightning.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lightning.Monitoring.Storage.Embedded;

public static class EmbeddedStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the embedded store as <see cref="IMetricStore"/> (and as itself, for backup and export), its options
    /// bound from <c>Lightning:Monitoring:Storage:Embedded</c> and validated at start; the file defaults to <c>&lt;data dir&gt;/metrics.duckdb</c>.
    /// </summary>
    public static IServiceCollection AddEmbeddedMetricStore(this IServiceCollection services, Action<EmbeddedStoreOptions>? configure = null)
    {
        var options = services.AddOptions<EmbeddedStoreOptions>().BindConfiguration(EmbeddedStoreOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null) options.Configure(configure);
        services.AddOptions<LightningOptions>();
        services.AddSingleton(provider =>
        {
            var configured = provider.GetRequiredService<IOptions<EmbeddedStoreOptions>>().Value;
            if (string.IsNullOrWhiteSpace(configured.Path))
                configured.Path = provider.GetRequiredService<IOptions<LightningOptions>>().Value.DataPath(EmbeddedMetricStore.DefaultFileName);
            return EmbeddedMetricStore.Open(configured, provider.GetService<TimeProvider>() ?? TimeProvider.System,
                provider.GetRequiredService<ILoggerFactory>().CreateLogger<EmbeddedMetricStore>());
        });
        services.AddSingleton<IMetricStore>(provider => provider.GetRequiredService<EmbeddedMetricStore>());
        return services;
    }
}
