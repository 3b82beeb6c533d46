using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Git.Hosting.GitHub;

public static class GitHubServiceCollectionExtensions
{
    /// <summary>Registers <see cref="GitHubClientFactory"/> and binds <see cref="GitHubOptions"/> (validated at start).</summary>
    public static IServiceCollection AddGitHub(this IServiceCollection services)
    {
        services.AddOptions<GitHubOptions>().BindConfiguration(GitHubOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.TryAddSingleton<GitHubClientFactory>();
        return services;
    }
}
