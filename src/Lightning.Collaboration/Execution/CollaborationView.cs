using System.Text.Json;

namespace Lightning.Collaboration.Execution;

/// <summary>
/// A collaboration as the API shows it: where it stands, and each subtask's state. <see cref="Sequence"/> is the
/// sequence number of the last event this view includes, so a live client opens the event stream with
/// <c>after=Sequence</c> (or skips streamed events up to it) and never folds an event twice or shows an older state.
/// </summary>
public sealed record CollaborationView(
    string Id,
    string Title,
    string? Description,
    CollaborationStatus Status,
    int Priority,
    string SubmittedBy,
    string Planner,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    CollaborationProgress Progress,
    BudgetUsage Usage,
    string? Error,
    JsonElement? Result,
    IReadOnlyList<SubtaskView> Subtasks,
    IReadOnlyList<string> PlanNotes,
    CollaborationOrigin? Origin = null,
    long Sequence = 0);

/// <summary>Counts per state, percent done, and an estimate of the time left from the pace so far.</summary>
public sealed record CollaborationProgress(
    int Total, int Pending, int Running, int AwaitingApproval, int Succeeded, int Failed, int Skipped, int Cancelled, double Percent, double? EtaSeconds);

/// <summary>What the collaboration has used of its budget.</summary>
public sealed record BudgetUsage(double ElapsedSeconds, long Tokens, decimal Cost, int SubtaskRuns);

public sealed record SubtaskView(
    string Id,
    string? Title,
    string? Tool,
    string? Capability,
    IReadOnlyList<string> DependsOn,
    SubtaskStatus Status,
    string? Agent,
    int Attempts,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    long? DurationMs,
    string? Error,
    JsonElement? Output,
    IReadOnlyList<string> Artifacts,
    bool Compensation);
