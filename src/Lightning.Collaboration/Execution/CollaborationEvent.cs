using System.Text.Json;

namespace Lightning.Collaboration.Execution;

/// <summary>
/// One state change of a collaboration, as the event log keeps it. The log is the truth: the live view, history,
/// resume after a crash and replay are all folds over it. <see cref="Sequence"/> counts from 1 per collaboration.
/// </summary>
public sealed record CollaborationEvent(string CollaborationId, long Sequence, string Type, DateTimeOffset At, string? Subtask, JsonElement? Data);
