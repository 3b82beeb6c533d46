using System.Text.Json;
using Lightning.Agents.Tools;

namespace Lightning.Collaboration.Patterns;

/// <summary><c>blackboard-list {prefix?}</c> → <c>{entries: [{key, value, version}]}</c>, keys in order.</summary>
public sealed class BlackboardListTool(BlackboardStore store) : IAgentTool
{
    public string Name => "blackboard-list";

    public string Description => "List the keys of the collaboration's blackboard. Input: prefix (optional). Output: {entries: [{key, value, version}]}.";

    public string? Capability => null;

    public IReadOnlyList<string> Validate(JsonElement input)
    {
        var errors = new List<string>();
        if (input.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return errors;
        }

        if (ToolInput.IsObject(input, errors, Name))
        {
            ToolInput.Text(input, "prefix", errors, required: false);
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

        var prefix = ToolInput.Text(invocation.Input, "prefix", [], required: false);

        var entries = await store.ListAsync(collaboration, prefix, cancellationToken);
        return ToolResult.Success(PatternTools.Element(new
        {
            prefix,
            entries = entries.Select(entry => new { key = entry.Key, value = entry.Value, version = entry.Version }),
        }));
    }
}
