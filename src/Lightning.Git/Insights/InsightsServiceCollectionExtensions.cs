using Lightning.Git.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Git.Insights;

public static class InsightsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="HistoryAnalyzer"/> and <see cref="ContributionTracker"/> (stateless singletons) and, unless
    /// already there, <see cref="GitCli"/> with its options.
    /// </summary>
    public static IServiceCollection AddGitInsights(this IServiceCollection services)
    {
        services.AddOptions<GitOptions>();
        services.TryAddSingleton<GitCli>();
        services.TryAddSingleton<HistoryAnalyzer>();
        services.TryAddSingleton<ContributionTracker>();
        return services;
    }
}
