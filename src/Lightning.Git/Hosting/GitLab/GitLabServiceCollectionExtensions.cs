using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Git.Hosting.GitLab;

public static class GitLabServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GitLabClient"/> as a typed HTTP client bound to <c>Lightning:Git:GitLab</c>, and as an
    /// <see cref="IGitHostingClient"/> (resolve all of them and pick by <see cref="IGitHostingClient.Provider"/>).
    /// </summary>
    public static IServiceCollection AddGitLabClient(this IServiceCollection services)
    {
        services.AddOptions<GitLabOptions>().BindConfiguration(GitLabOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient<GitLabClient>();
        services.AddTransient<IGitHostingClient>(provider => provider.GetRequiredService<GitLabClient>());
        return services;
    }
}
