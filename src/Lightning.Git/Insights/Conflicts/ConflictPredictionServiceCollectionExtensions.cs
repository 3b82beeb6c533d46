using Lightning.Git.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Git.Insights.Conflicts;

public static class ConflictPredictionServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="ConflictPredictor"/> as a singleton (it remembers whether this git has <c>merge-tree --stdin</c>), with
    /// the <see cref="GitCli"/> and <see cref="TimeProvider"/> it needs.
    /// </summary>
    public static IServiceCollection AddLightningConflictPrediction(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GitOptions>();
        services.TryAddSingleton<GitCli>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConflictPredictor>();
        return services;
    }
}
