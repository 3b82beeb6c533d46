using Lightning.Collaboration.Coordination.ContractNet;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.History;
using Lightning.Collaboration.Patterns;
using Lightning.Collaboration.Planning;
using Lightning.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lightning.Collaboration;

public static class CollaborationServiceCollectionExtensions
{
    /// <summary>
    /// The collaboration engine (also a hosted service: it resumes unfinished collaborations at start), its event log (in
    /// <c>&lt;data&gt;/collaboration/events.db</c>, or the platform's PostgreSQL database when it has one), and the planners. Needs <c>AddLightningAgents()</c>.
    /// </summary>
    public static IServiceCollection AddLightningCollaboration(this IServiceCollection services)
    {
        services.AddOptions<CollaborationOptions>().BindConfiguration(CollaborationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddLightningPlanning();
        services.AddCollaborationPatterns();
        services.TryAddSingleton<ICollaborationEventStore>(provider =>
        {
            // The log lives beside the platform state: in its PostgreSQL database when there is one.
            var lightning = provider.GetRequiredService<IOptions<LightningOptions>>().Value;
            return lightning.Database.Provider == DatabaseProvider.Postgres
                ? new PostgresCollaborationEventStore(DatabaseSetup.PostgresConnectionString(lightning))
                : new SqliteCollaborationEventStore(lightning.DataPath("collaboration", "events.db"));
        });
        services.TryAddSingleton<CollaborationLiveStreams>();
        services.TryAddSingleton<ISubtaskRunner, LocalSubtaskRunner>();
        services.TryAddSingleton<IContractNetBidder, StatsBidder>();
        services.TryAddSingleton<CollaborationEngine>();
        services.TryAddSingleton<IConversationLog>(provider => provider.GetRequiredService<CollaborationEngine>());
        services.TryAddSingleton<ICollaborationService>(provider => provider.GetRequiredService<CollaborationEngine>());
        services.AddHostedService(provider => provider.GetRequiredService<CollaborationEngine>());
        return services;
    }
}
