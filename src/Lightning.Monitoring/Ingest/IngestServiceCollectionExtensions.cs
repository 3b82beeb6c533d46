using Lightning.Monitoring.Ingest.Prometheus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Monitoring.Ingest;

public static class IngestServiceCollectionExtensions
{
    /// <summary>The ingest path (<see cref="MetricIngestor"/>), the platform's own metrics and the Prometheus scraper.</summary>
    public static IServiceCollection AddMonitoringIngest(this IServiceCollection services)
    {
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ScrapeOptions>().BindConfiguration(ScrapeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MetricIngestor>();
        services.TryAddSingleton<PlatformMetrics>();
        services.AddHttpClient(PrometheusScraper.HttpClientName);
        services.AddSingleton<PrometheusScraper>();
        services.AddHostedService(provider => provider.GetRequiredService<PrometheusScraper>());
        return services;
    }
}
