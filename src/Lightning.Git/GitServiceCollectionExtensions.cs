using Lightning.Agents.Tools;
using Lightning.Core.Secrets;
using Lightning.Core.Storage;
using Lightning.Git.Hosting.GitHub;
using Lightning.Git.Hosting.GitLab;
using Lightning.Git.Hosting.Webhooks;
using Lightning.Git.Insights;
using Lightning.Git.Insights.Conflicts;
using Lightning.Git.Persistence;
using Lightning.Git.Releases;
using Lightning.Git.Repositories.Merging;
using Lightning.Git.Review;
using Lightning.Git.Tools;
using Lightning.Git.Registry;
using Lightning.Git.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Git;

public static class GitServiceCollectionExtensions
{
    /// <summary>The git module: repositories by name, git operations, hosting clients, releases, insights and the git tool agent.</summary>
    public static IServiceCollection AddLightningGit(this IServiceCollection services)
    {
        services.AddOptions<GitOptions>().BindConfiguration(GitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<GitRegistryOptions>().BindConfiguration(GitRegistryOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddLightningSecrets();
        services.AddLightningDbContext<GitDbContext, SqliteGitDbContext, PostgresGitDbContext>();
        services.TryAddSingleton<GitCli>();
        services.AddLightningGitRepositories();
        services.AddLightningGitMerging();
        services.AddLightningConflictPrediction();
        services.AddGitInsights();
        services.AddGitReview();
        services.AddGitReleases();
        services.AddGitHub();
        services.AddGitLabClient();
        services.AddGitWebhooks();
        services.TryAddSingleton<GitRepositoryRegistry>();
        services.AddHttpClient(HostingConnectionStore.GitLabHttpClientName);
        services.TryAddSingleton<HostingConnectionStore>();
        // Deliveries to /webhooks/{provider}/{connection} are checked against the connection's stored secret.
        services.TryAddSingleton<IConnectionWebhookSecretSource>(provider => provider.GetRequiredService<HostingConnectionStore>());
        services.AddSingleton<IAgentTool, GitTool>();
        return services;
    }
}
