namespace Lightning.Testing.History;

/// <summary>
/// A change of one run, for the server-wide live list (<see cref="TestRunChanges"/>): its <see cref="Type"/> (one of
/// <see cref="TestRunChangeTypes"/>) and the run as the list shows it after the change; <see cref="Run"/> is null only
/// for <see cref="TestRunChangeTypes.Deleted"/>.
/// </summary>
/// <param name="Frameworks">Every framework the run used (asked for and detected), so a framework filter matches as the list's does.</param>
public sealed record TestRunChange(string Type, DateTimeOffset At, string Id, TestRunView? Run, IReadOnlyCollection<string> Frameworks);
