using System.Text.Json;

namespace Lightning.Agents.Tools;

/// <summary>
/// One run of a tool by an agent. <see cref="IdempotencyKey"/> is the same for every attempt of the same subtask,
/// so a tool with side effects can make a repeated call (after a crash or a retry) have effect once.
/// <see cref="Collaboration"/> and <see cref="Subtask"/> say which collaboration asked, when one did; with
/// <see cref="SharedWorkspace"/>, tools that touch files work in that collaboration's shared workspace, not the agent's.
/// </summary>
public sealed record ToolCall(
    string Agent,
    JsonElement Input,
    string IdempotencyKey,
    int Attempt,
    string RequestedBy,
    TimeSpan? Timeout = null,
    string? Collaboration = null,
    string? Subtask = null,
    bool SharedWorkspace = false);
