using Lightning.Agents.Tools;
using Lightning.Core.Storage;
using Lightning.Git.Repositories;
using Lightning.Testing.Housekeeping;
using Lightning.Testing.Notifications;
using Lightning.Testing.Persistence;
using Lightning.Testing.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Testing.History;

public static class HistoryServiceCollectionExtensions
{
    /// <summary>
    /// Test runs and their history: the store (its tables in the platform database) and the run service with its queue
    /// and live streams. Needs <see cref="LightningOptions"/> and an <see cref="Runners.ITestRunner"/>.
    /// </summary>
    public static IServiceCollection AddTestRunHistory(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TestRunOptions>().BindConfiguration(TestRunOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddLightningDbContext<TestingDbContext, SqliteTestingDbContext, PostgresTestingDbContext>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GitCli>();
        services.TryAddSingleton<TestHistoryStore>();
        services.TryAddSingleton<TestRunLiveStreams>();
        services.TryAddSingleton<TestRunChanges>();
        services.TryAddSingleton<TestRunService>();
        return services;
    }

    /// <summary>
    /// What ties testing to the rest of the platform, for the server: the <c>test</c> tool agent (it works in agents'
    /// and collaborations' workspaces) and the API's <see cref="TestTargetResolver"/> (registered repositories). Needs
    /// the agents and git modules besides <see cref="TestingServiceCollectionExtensions.AddLightningTesting"/>.
    /// </summary>
    public static IServiceCollection AddLightningTestingTools(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<TestTargetResolver>();
        services.AddTestNotifications();
        services.AddTestRunRetention();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentTool, TestTool>());
        return services;
    }
}
