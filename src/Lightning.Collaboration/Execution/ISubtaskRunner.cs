using Lightning.Agents.Tools;

namespace Lightning.Collaboration.Execution;

/// <summary>
/// Runs one attempt of a subtask's tool on the agent the engine chose (<see cref="ToolCall.Agent"/>). The default runs
/// the tool in this process; a distributed set-up sends the call to the worker that hosts the agent.
/// </summary>
public interface ISubtaskRunner
{
    /// <summary>The tool's result. A runner that cannot reach the agent returns a retryable failure rather than throwing.</summary>
    Task<ToolResult> RunAsync(IAgentTool tool, ToolCall invocation, CancellationToken cancellationToken);
}

/// <summary>Runs the tool here, in the server process.</summary>
public sealed class LocalSubtaskRunner : ISubtaskRunner
{
    public Task<ToolResult> RunAsync(IAgentTool tool, ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tool);
        return tool.RunAsync(invocation, cancellationToken);
    }
}
