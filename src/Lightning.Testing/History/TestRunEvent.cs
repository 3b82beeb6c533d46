using System.Text.Json;

namespace Lightning.Testing.History;

/// <summary>
/// One event of a run's log, as the live stream sends it and history pages return it. Test events keep the JSON of
/// <see cref="Results.Events.TestEvent"/> as <see cref="Data"/> (its <c>type</c> included) with <see cref="Project"/>
/// naming the project root they belong to; the run's own events (<see cref="TestRunEventTypes"/>) have no project.
/// <see cref="Sequence"/> counts from 1 per run.
/// </summary>
public sealed record TestRunEvent(string RunId, long Sequence, string Type, DateTimeOffset At, string? Project, JsonElement? Data);
