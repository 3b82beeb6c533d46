using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Git.Repositories.Merging;

public static class MergingServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="GitMergeService"/> as a singleton (it keeps no state between calls), with the <see cref="GitCli"/> it
    /// runs git through. Binding <see cref="GitOptions"/> to configuration is the host's job.
    /// </summary>
    public static IServiceCollection AddLightningGitMerging(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GitOptions>();
        services.TryAddSingleton<GitCli>();
        services.TryAddSingleton<GitMergeService>();
        return services;
    }
}
