using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Monitoring.Analysis;

public static class AnalysisServiceCollectionExtensions
{
    /// <summary>The analysis service over the registered <see cref="Storage.IMetricStore"/>, with its options validated at start.</summary>
    public static IServiceCollection AddMetricAnalysis(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AnalysisOptions>().BindConfiguration(AnalysisOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MetricAnalysisService>();
        return services;
    }
}
