using System.Text.Json;
using Lightning.Agents.Tools;

namespace Lightning.Collaboration.Tests.Tasks;

/// <summary>A tool that only validates: an object input with the listed fields ("command" must be a list of strings).</summary>
internal sealed class FakeTool(string name, string? capability, params string[] required) : IAgentTool
{
    public string Name => name;

    public string Description => $"Fake {name}.";

    public string? Capability => capability;

    public IReadOnlyList<string> Validate(JsonElement input)
    {
        var errors = new List<string>();
        if (!ToolInput.IsObject(input, errors, name))
        {
            return errors;
        }

        foreach (var field in required)
        {
            if (field == "command")
            {
                ToolInput.StringList(input, field, errors, required: true);
            }
            else
            {
                ToolInput.Text(input, field, errors, required: true);
            }
        }

        return errors;
    }

    public Task<ToolResult> RunAsync(ToolCall invocation, CancellationToken cancellationToken) =>
        Task.FromResult(ToolResult.Success(invocation.Input));
}
