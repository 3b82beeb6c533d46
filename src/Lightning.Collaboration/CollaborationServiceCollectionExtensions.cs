using Lightning.Collaboration.Coordination.ContractNet;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.History;
using Lightning.Collaboration.Planning;
using Lightning.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lightning.Collaboration;

public static class CollaborationServiceCollectionExtensions
{
    /// <summary>
    /// The collaboration engine (also a hosted service: it resumes unfinished collaborations at start), its event log in
    /// <c>&lt;data&gt;/collaboration/events.db</c>, and the planners. Needs <c>AddLightningAgents()</c>.
    /// </summary>
    public static IServiceCollection AddLightningCollaboration(this IServiceCollection services)
    {
        services.AddOptions<CollaborationOptions>().BindConfiguration(CollaborationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddLightningPlanning();
        services.TryAddSingleton<ICollaborationEventStore>(provider =>
            new SqliteCollaborationEventStore(provider.GetRequiredService<IOptions<LightningOptions>>().Value.DataPath("collaboration", "events.db")));
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
