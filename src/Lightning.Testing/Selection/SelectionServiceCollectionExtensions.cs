using Lightning.Git.Repositories;
using Lightning.Testing.Selection.Coverage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Testing.Selection;

public static class SelectionServiceCollectionExtensions
{
    /// <summary>Change detection, coverage maps (stored in the data directory) and test selection.</summary>
    public static IServiceCollection AddTestSelection(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GitCli>();
        services.TryAddSingleton<GitChangeDetector>();
        services.TryAddSingleton<CoverageMapStore>();
        services.TryAddSingleton<CoverageMapBuilder>();
        services.TryAddSingleton<TestSelectionService>();
        services.TryAddTransient<Watch.TestWatchSession>();
        services.TryAddTransient<Watch.WatchRunRecorder>();
        return services;
    }
}
