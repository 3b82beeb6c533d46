using System.Text.Json;

namespace Lightning.Agents.Tools;

/// <summary>
/// Returns its input as its output, at once: the no-op agent work of examples, tests and the scheduler benchmark, and
/// a way to put a fixed value into a graph. With <c>"fail": "message"</c> it fails instead, for failure drills.
/// </summary>
public sealed class EchoTool : IAgentTool
{
    public string Name => "echo";

    public string Description => "Return the input as the output (a no-op step). Input: any JSON; {\"fail\": \"why\"} makes it fail.";

    public string? Capability => null;

    public IReadOnlyList<string> Validate(JsonElement input) => [];

    public Task<ToolResult> RunAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        cancellationToken.ThrowIfCancellationRequested();
        if (invocation.Input.ValueKind == JsonValueKind.Object && invocation.Input.TryGetProperty("fail", out var fail) && fail.ValueKind == JsonValueKind.String)
        {
            return Task.FromResult(ToolResult.Failure(fail.GetString()!, invocation.Input));
        }

        return Task.FromResult(ToolResult.Success(invocation.Input));
    }
}
