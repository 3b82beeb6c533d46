using System.Text.Json;

namespace Lightning.Agents.Tools;

/// <summary>
/// Something an agent can be asked to do inside a collaboration: run a command, read a file, analyse a repository,
/// ask a model. Capability modules (testing, git, containers, ...) add their own tools; the collaboration engine picks
/// an agent that has <see cref="Capability"/> and runs the tool on its behalf.
/// </summary>
public interface IAgentTool
{
    /// <summary>The name plans use (<c>"tool": "command"</c>), kebab-case.</summary>
    string Name { get; }

    /// <summary>One line for the CLI, the API and the LLM planner's catalogue.</summary>
    string Description { get; }

    /// <summary>The capability an agent needs to run this tool, or null when any agent may.</summary>
    string? Capability { get; }

    /// <summary>What is wrong with an input, one message per problem (empty when it is fine). Runs at submit, before anything starts.</summary>
    IReadOnlyList<string> Validate(JsonElement input);

    /// <summary>Runs the tool. Expected failures are a failed <see cref="ToolResult"/>; exceptions are treated as failures too.</summary>
    Task<ToolResult> RunAsync(ToolCall invocation, CancellationToken cancellationToken);
}
