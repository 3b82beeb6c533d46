using Lightning.Testing.Results;

namespace Lightning.Testing.History;

/// <summary>
/// One project's complete results as a run records them: which project, how its process ended, and the full result
/// model (output, stacks and attempts included). A run keeps a list of these, compressed, for exports.
/// </summary>
public sealed record TestRunProjectResult(
    string Root, string Framework, string Name, string? Variant, int? ExitCode, bool TimedOut, string? Error, TestRun Run);
