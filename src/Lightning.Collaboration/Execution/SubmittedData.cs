using System.Text.Json;
using Lightning.Collaboration.Tasks;

namespace Lightning.Collaboration.Execution;

/// <summary>The data of the first event of every collaboration: enough to rebuild it from the log alone.</summary>
public sealed record SubmittedData(
    string Title, string? Description, int Priority, string SubmittedBy, string Planner, IReadOnlyList<string> Notes, int Total,
    ComplexTask Task, TaskPlan Plan, CollaborationOrigin? Origin = null);

/// <summary>
/// Where a replay or a fork comes from: <see cref="Kind"/> <c>replay</c> re-executes collaboration
/// <see cref="CollaborationId"/> from its recording; <c>fork</c> does too, except that <see cref="Subtask"/> and everything
/// after it run for real, with the agent or input changed.
/// </summary>
public sealed record CollaborationOrigin(string Kind, string CollaborationId, string? Subtask = null, string? Agent = null, JsonElement? Input = null);
