using Lightning.Monitoring.Live;

namespace Lightning.Server.Endpoints.Monitoring;

public static class LiveServiceCollectionExtensions
{
    /// <summary>
    /// The live socket's options and the write signal around the chosen metric store. Call after the store is chosen
    /// (after <c>AddInfluxMetricStore</c>).
    /// </summary>
    public static IServiceCollection AddMonitoringLive(this IServiceCollection services)
    {
        services.AddOptions<LiveMonitoringOptions>().BindConfiguration(LiveMonitoringOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetricWriteSignal();
        return services;
    }
}
