using System.Text.Json;
using Lightning.Agents.Tools;
using Lightning.Collaboration.Execution;
using Lightning.Core.Errors;

namespace Lightning.Collaboration.Patterns;

/// <summary>What the pattern tools share: they run inside a collaboration, and they tell its log what they did.</summary>
internal static class PatternTools
{
    /// <summary>A failure for a call made outside a collaboration (the tool has no collaboration to work in).</summary>
    public static ToolResult NoCollaboration(string tool) =>
        ToolResult.Failure($"'{tool}' works inside a collaboration: run it as a subtask (the call names no collaboration).", retryable: false);

    public static ToolResult Invalid(IReadOnlyList<string> errors) => ToolResult.Failure(string.Join(" ", errors), retryable: false);

    /// <summary>
    /// What every run starts with: the collaboration the call works in, or the failure that ends it (a call outside a
    /// collaboration, an input the tool's <see cref="IAgentTool.Validate"/> refuses).
    /// </summary>
    public static ToolResult? Refuse(IAgentTool tool, ToolCall invocation, out string collaboration)
    {
        collaboration = invocation.Collaboration ?? string.Empty;
        if (invocation.Collaboration is null)
        {
            return NoCollaboration(tool.Name);
        }

        return tool.Validate(invocation.Input) is { Count: > 0 } errors ? Invalid(errors) : null;
    }

    public static JsonElement Element(object value) => JsonSerializer.SerializeToElement(value, Lightning.Core.Serialization.LightningJson.Options);

    /// <summary>Records the message; a collaboration that has finished meanwhile (cancelled, say) no longer takes messages, which is no failure of the tool.</summary>
    public static async Task<bool> TryRecordAsync(IConversationLog log, string collaboration, ConversationMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await log.RecordAsync(collaboration, message, cancellationToken);
            return true;
        }
        catch (LightningException ex) when (ex.Kind is ErrorKind.NotFound or ErrorKind.Unavailable)
        {
            return false;
        }
    }

    /// <summary>The blackboard key of an input: required, 1–200 characters.</summary>
    public static string? Key(JsonElement input, List<string> errors, bool required)
    {
        var key = ToolInput.Text(input, "key", errors, required);
        if (key is not null && (key.Length == 0 || key.Length > BlackboardStore.MaxKeyLength))
        {
            errors.Add($"'key' must be 1 to {BlackboardStore.MaxKeyLength} characters.");
            return null;
        }

        return key;
    }
}
