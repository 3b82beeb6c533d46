using System.Text.Json;
using Lightning.Agents.Tools;

namespace Lightning.Collaboration.Patterns;

/// <summary><c>blackboard-read {key}</c> → <c>{key, value, version}</c>; a key never written reads as version 0 and value null.</summary>
public sealed class BlackboardReadTool(BlackboardStore store) : IAgentTool
{
    public string Name => "blackboard-read";

    public string Description => "Read a key of the collaboration's blackboard. Input: key. Output: {key, value, version} (version 0 and value null when it was never written).";

    public string? Capability => null;

    public IReadOnlyList<string> Validate(JsonElement input)
    {
        var errors = new List<string>();
        if (ToolInput.IsObject(input, errors, Name))
        {
            PatternTools.Key(input, errors, required: true);
        }

        return errors;
    }

    public async Task<ToolResult> RunAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (PatternTools.Refuse(this, invocation, out var collaboration) is { } refused)
        {
            return refused;
        }

        var key = invocation.Input.GetProperty("key").GetString()!;
        var entry = await store.ReadAsync(collaboration, key, cancellationToken);
        return ToolResult.Success(PatternTools.Element(new { key, value = entry?.Value, version = entry?.Version ?? 0 }));
    }
}
