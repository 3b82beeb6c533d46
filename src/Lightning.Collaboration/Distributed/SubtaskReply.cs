using System.Text.Json;
using Lightning.Agents.Tools;
using Lightning.Collaboration.Messaging;

namespace Lightning.Collaboration.Distributed;

/// <summary>The payload of a worker's reply: the tool's result as the coordinator's engine takes it.</summary>
public sealed record SubtaskReply(
    bool Succeeded,
    JsonElement? Output,
    string? Error,
    bool Retryable,
    ToolUsage? Usage,
    IReadOnlyList<string>? Artifacts)
{
    public static SubtaskReply From(ToolResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new SubtaskReply(result.Succeeded, result.Output, result.Error, result.Retryable, result.Usage, result.Artifacts);
    }

    public ToolResult ToResult() => new(Succeeded, Output, Error, Usage, Artifacts, Retryable);

    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, CollaborationMessageSerializer.Options);

    /// <summary>Reads a reply payload; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static SubtaskReply Parse(JsonElement payload)
    {
        SubtaskReply? reply;
        try
        {
            reply = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("succeeded", out var succeeded)
                && succeeded.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? payload.Deserialize<SubtaskReply>(CollaborationMessageSerializer.Options)
                : null;
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The reply payload is not a subtask result: {ex.Path ?? "$"} has the wrong type.", ex);
        }

        return reply is null || (!reply.Succeeded && string.IsNullOrWhiteSpace(reply.Error))
            ? throw new FormatException("The reply payload is not a subtask result: it needs succeeded, and an error when it did not.")
            : reply;
    }
}
