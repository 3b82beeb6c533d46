using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Git.Repositories;

public static class GitRepositoryServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GitCli"/>, <see cref="GitRepositoryService"/> and <see cref="GitCliReader"/> as singletons and
    /// binds <see cref="GitOptions"/> from <c>Lightning:Git</c>, validated at start.
    /// </summary>
    public static IServiceCollection AddLightningGitRepositories(this IServiceCollection services)
    {
        services.AddOptions<GitOptions>().BindConfiguration(GitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<GitCli>();
        services.TryAddSingleton<GitRepositoryService>();
        services.TryAddSingleton<GitCliReader>();
        return services;
    }
}
