namespace Lightning.Agents.Tools.RepositoryAnalysis;

/// <summary>
/// A test framework found in one project, why we think so, and how to run its tests: <see cref="Command"/> is an
/// argument list (never a shell string) to run in <see cref="WorkingDirectory"/>, which is relative to the analysed
/// directory (<c>"."</c> for the directory itself). Command is null when no runner could be told.
/// </summary>
public sealed record TestFrameworkFinding(string Name, string WorkingDirectory, IReadOnlyList<string>? Command, IReadOnlyList<string> Evidence);
