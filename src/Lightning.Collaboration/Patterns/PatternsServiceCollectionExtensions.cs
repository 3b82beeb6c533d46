using Lightning.Agents.Tools;
using Lightning.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lightning.Collaboration.Patterns;

public static class PatternsServiceCollectionExtensions
{
    /// <summary>
    /// The collaboration patterns' tools: the blackboard (<c>blackboard-read</c>, <c>-write</c>, <c>-list</c>, stored in
    /// <c>&lt;data&gt;/collaboration/blackboard.db</c>), peer-to-peer <c>ask-agent</c> and hierarchical
    /// <c>collaboration</c>. The tools reach the engine lazily: the engine's tool catalogue holds them.
    /// </summary>
    public static IServiceCollection AddCollaborationPatterns(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new BlackboardStore(
            provider.GetRequiredService<IOptions<LightningOptions>>().Value.DataPath("collaboration", "blackboard.db"),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAgentTool, BlackboardReadTool>();
        services.AddSingleton<IAgentTool, BlackboardWriteTool>();
        services.AddSingleton<IAgentTool, BlackboardListTool>();
        services.AddSingleton<IAgentTool, AskAgentTool>();
        services.AddSingleton<IAgentTool, CollaborationTool>();
        return services;
    }
}
