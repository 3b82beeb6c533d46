using System.Text.Json;
using Lightning.Agents.Tools;
using Lightning.Collaboration.Messaging;

namespace Lightning.Collaboration.Distributed;

/// <summary>The payload of a subtask request: one attempt of a tool on a worker.</summary>
public sealed record SubtaskRequest(
    string Tool,
    JsonElement Input,
    string IdempotencyKey,
    int Attempt,
    string? Collaboration,
    string? Subtask,
    string RequestedBy,
    int? TimeoutSeconds)
{
    public static SubtaskRequest From(string tool, ToolCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return new SubtaskRequest(tool, call.Input, call.IdempotencyKey, call.Attempt, call.Collaboration, call.Subtask, call.RequestedBy,
            call.Timeout is { } timeout ? (int)Math.Ceiling(timeout.TotalSeconds) : null);
    }

    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, CollaborationMessageSerializer.Options);

    /// <summary>The call the worker makes, as agent <paramref name="agent"/>.</summary>
    public ToolCall ToCall(string agent) => new(agent, Input, IdempotencyKey, Attempt, RequestedBy,
        TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null, Collaboration, Subtask);

    /// <summary>Reads a request payload; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static SubtaskRequest Parse(JsonElement payload)
    {
        Shape? shape;
        try
        {
            shape = payload.ValueKind == JsonValueKind.Object ? payload.Deserialize<Shape>(CollaborationMessageSerializer.Options) : null;
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The request payload is not a subtask request: {ex.Path ?? "$"} has the wrong type.", ex);
        }

        if (shape is null || string.IsNullOrWhiteSpace(shape.Tool) || string.IsNullOrWhiteSpace(shape.IdempotencyKey) || shape.Input is not { } input
            || shape.Attempt is not { } attempt || attempt < 0 || shape.TimeoutSeconds is <= 0)
        {
            throw new FormatException("The request payload is not a subtask request: it needs tool, input, idempotencyKey and attempt (0 or more), and a positive timeoutSeconds if any.");
        }

        return new SubtaskRequest(shape.Tool, input, shape.IdempotencyKey, attempt, shape.Collaboration, shape.Subtask,
            string.IsNullOrWhiteSpace(shape.RequestedBy) ? WorkerProtocol.CoordinatorSender : shape.RequestedBy, shape.TimeoutSeconds);
    }

    sealed record Shape(
        string? Tool,
        JsonElement? Input,
        string? IdempotencyKey,
        int? Attempt,
        string? Collaboration,
        string? Subtask,
        string? RequestedBy,
        int? TimeoutSeconds);
}
