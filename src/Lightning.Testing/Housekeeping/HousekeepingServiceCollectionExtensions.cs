using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Testing.Housekeeping;

public static class HousekeepingServiceCollectionExtensions
{
    /// <summary>Run retention: <see cref="TestRunPruner"/> and, for a host, the background service that calls it.</summary>
    public static IServiceCollection AddTestRunRetention(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddTestRunPruner();
        services.AddHostedService<TestRunRetentionService>();
        return services;
    }

    /// <summary>Only <see cref="TestRunPruner"/> and its options, for a process that prunes when it chooses (the CLI).</summary>
    public static IServiceCollection AddTestRunPruner(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TestRunRetentionOptions>().BindConfiguration(TestRunRetentionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<TestRunPruner>();
        services.TryAddSingleton<History.TestRunChanges>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
