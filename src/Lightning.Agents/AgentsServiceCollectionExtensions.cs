using Lightning.Agents.Actions;
using Lightning.Agents.Tools;
using Lightning.Agents.Llm;
using Lightning.Agents.Persistence;
using Lightning.Agents.Registry;
using Lightning.Agents.Ssh;
using Lightning.Core.Processes;
using Lightning.Core.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lightning.Agents;

public static class AgentsServiceCollectionExtensions
{
    /// <summary>The agent registry, actions (local, files, SSH, LLM), their storage and the heartbeat service.</summary>
    public static IServiceCollection AddLightningAgents(this IServiceCollection services)
    {
        services.AddOptions<AgentsOptions>().BindConfiguration(AgentsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.SectionName).PostConfigure(options =>
        {
            options.Endpoint = Environment.GetEnvironmentVariable("LIGHTNING_LLM_ENDPOINT") ?? options.Endpoint;
            options.Model = Environment.GetEnvironmentVariable("LIGHTNING_LLM_MODEL") ?? options.Model;
            options.ApiKey = Environment.GetEnvironmentVariable("LIGHTNING_LLM_API_KEY") ?? options.ApiKey ?? Environment.GetEnvironmentVariable("OPENAI_API_KEY");
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IProcessRunner, ProcessRunner>();
        services.AddLightningDbContext<AgentsDbContext, SqliteAgentsDbContext, PostgresAgentsDbContext>();

        // A chat client registered by the host (tests register a scripted one) wins over configuration.
        services.TryAddSingleton(provider =>
        {
            var llm = provider.GetRequiredService<IOptions<LlmOptions>>().Value;
            var client = provider.GetService<IChatClient>() ?? ChatClientFactory.Create(llm);
            return new ChatModel(client, client is null ? null : llm.Model ?? "custom");
        });
        services.TryAddSingleton(provider => new KnownHosts(provider.GetRequiredService<IOptions<LightningOptions>>().Value.DataPath("ssh", "known_hosts")));
        services.TryAddSingleton<SshCommandRunner>();
        services.TryAddSingleton<AgentActivity>();
        services.TryAddSingleton<AgentRegistry>();
        services.TryAddSingleton<ActionLiveStreams>();
        services.TryAddSingleton<ActionExecutor>();
        services.TryAddSingleton<ActionService>();
        foreach (var kind in Enum.GetValues<ActionKind>())
        {
            services.AddSingleton<IAgentTool>(provider => new ActionTool(kind, provider.GetRequiredService<ActionService>()));
        }

        services.AddSingleton<IAgentTool, EchoTool>();
        services.AddSingleton<IAgentTool, RepositoryAnalysisTool>();
        services.TryAddSingleton<ToolCatalog>();
        services.TryAddSingleton<AgentHeartbeatService>();
        services.AddHostedService(provider => provider.GetRequiredService<AgentHeartbeatService>());
        return services;
    }
}
