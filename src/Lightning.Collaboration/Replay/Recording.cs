using System.Text.Json;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.History;

namespace Lightning.Collaboration.Replay;

/// <summary>
/// What a finished collaboration's log says each subtask's agent answered, attempt by attempt, and how each approval
/// gate was decided: enough to run the same graph again without calling any agent or model.
/// </summary>
public sealed class Recording
{
    readonly Dictionary<string, List<RecordedOutcome>> _outcomes = new(StringComparer.Ordinal);
    readonly Dictionary<string, RecordedDecision> _decisions = new(StringComparer.Ordinal);

    Recording(string collaborationId) => CollaborationId = collaborationId;

    public string CollaborationId { get; }

    public CollaborationStatus Status { get; private set; } = CollaborationStatus.Running;

    /// <summary>The final result exactly as the log holds it (raw JSON), or null.</summary>
    public string? ResultJson { get; private set; }

    /// <summary>Folds a collaboration's events, oldest first. Attempts a crash interrupted (started, never ended) are left out.</summary>
    public static Recording From(string collaborationId, IEnumerable<CollaborationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var recording = new Recording(collaborationId);
        foreach (var e in events)
        {
            recording.Apply(e);
        }

        return recording;
    }

    /// <summary>The answer to attempt <paramref name="failuresSoFar"/> + 1 of the subtask, or null when the recording has none.</summary>
    public RecordedOutcome? Outcome(string subtask, int failuresSoFar) =>
        _outcomes.TryGetValue(subtask, out var list) && failuresSoFar < list.Count ? list[failuresSoFar] : null;

    /// <summary>True when the recording holds the subtask's final answer (success, or a failure that was not retried).</summary>
    public bool HasFinalOutcome(string subtask) =>
        _outcomes.TryGetValue(subtask, out var list) && list.Count > 0 && (list[^1].Succeeded || !list[^1].Retryable);

    public RecordedDecision? Decision(string subtask) => _decisions.GetValueOrDefault(subtask);

    void Apply(CollaborationEvent e)
    {
        switch (e.Type)
        {
            case CollaborationEventTypes.SubtaskSucceeded:
                Add(e.Subtask!, new RecordedOutcome(Text(e.Data, "agent"), true, Property(e.Data, "output"), null, false,
                    Property(e.Data, "usage"), Property(e.Data, "artifacts"), Number(e.Data, "durationMs")));
                break;
            case CollaborationEventTypes.SubtaskFailed:
                var final = e.Data is { } data && data.TryGetProperty("final", out var f) && f.ValueKind == JsonValueKind.True;
                Add(e.Subtask!, new RecordedOutcome(Text(e.Data, "agent"), false, Property(e.Data, "output"), Text(e.Data, "error"), !final,
                    Property(e.Data, "usage"), null, null));
                break;
            case CollaborationEventTypes.SubtaskApproved:
            case CollaborationEventTypes.SubtaskRejected:
                _decisions[e.Subtask!] = new RecordedDecision(e.Type == CollaborationEventTypes.SubtaskApproved, Text(e.Data, "by") ?? "unknown", Text(e.Data, "comment"));
                break;
            case CollaborationEventTypes.Finished:
                Status = e.Data is { } finished && finished.TryGetProperty("status", out var status)
                    ? JsonSerializer.Deserialize<CollaborationStatus>(status, Lightning.Core.Serialization.LightningJson.Options)
                    : CollaborationStatus.Failed;
                ResultJson = Property(e.Data, "result") is { ValueKind: not JsonValueKind.Null } result ? result.GetRawText() : null;
                break;
        }
    }

    void Add(string subtask, RecordedOutcome outcome)
    {
        if (!_outcomes.TryGetValue(subtask, out var list))
        {
            _outcomes[subtask] = list = [];
        }

        list.Add(outcome);
    }

    static JsonElement? Property(JsonElement? data, string name) =>
        data is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty(name, out var value) ? value.Clone() : null;

    static string? Text(JsonElement? data, string name) => Property(data, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    static long? Number(JsonElement? data, string name) => Property(data, name) is { ValueKind: JsonValueKind.Number } value ? value.GetInt64() : null;
}

/// <summary>One recorded answer of an agent: its output or error, as the original run's log has it.</summary>
public sealed record RecordedOutcome(
    string? Agent, bool Succeeded, JsonElement? Output, string? Error, bool Retryable, JsonElement? Usage, JsonElement? Artifacts, long? DurationMs);

/// <summary>How an approval gate was decided in the original run.</summary>
public sealed record RecordedDecision(bool Approved, string By, string? Comment);
