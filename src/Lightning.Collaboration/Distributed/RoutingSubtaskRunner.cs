using Lightning.Agents.Registry;
using Lightning.Agents.Tools;
using Lightning.Collaboration.Execution;

namespace Lightning.Collaboration.Distributed;

/// <summary>
/// Runs each attempt where its agent lives: worker agents (<see cref="AgentLocation.Worker"/>) over the bus, every other
/// agent in this process. Without a shared bus (the embedded one cannot reach another process) a worker agent's attempt
/// fails for good, saying so, instead of waiting for a reply that cannot come.
/// </summary>
public sealed class RoutingSubtaskRunner(ISubtaskRunner local, BusSubtaskRunner? workers, AgentRegistry registry) : ISubtaskRunner
{
    public async Task<ToolResult> RunAsync(IAgentTool tool, ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var agent = await registry.FindEntityAsync(invocation.Agent, cancellationToken);
        if (agent?.Location != AgentLocation.Worker)
        {
            return await local.RunAsync(tool, invocation, cancellationToken);
        }

        if (invocation.SharedWorkspace)
        {
            return ToolResult.Failure($"Agent '{invocation.Agent}' is a worker in another process: it cannot work in collaboration {invocation.Collaboration}'s " +
                "shared workspace, which is on the server. Pin the subtask to an in-process agent, or use per-agent workspaces.", retryable: false);
        }

        return workers is null
            ? ToolResult.Failure($"Agent '{invocation.Agent}' is a worker, and this server uses the embedded message bus, which workers cannot reach: " +
                "set Lightning:Collaboration:Bus:Transport to rabbitmq or redis.", retryable: false)
            : await workers.RunAsync(tool, invocation, cancellationToken);
    }
}
