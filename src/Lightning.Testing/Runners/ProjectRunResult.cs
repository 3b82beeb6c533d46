using Lightning.Testing.Detection;
using Lightning.Testing.Results;

namespace Lightning.Testing.Runners;

/// <summary>
/// One project's run: the parsed results, how the process ended, and why results may be missing
/// (<see cref="Error"/>: a build failure, a missing toolchain, a timeout, an unreadable report).
/// </summary>
public sealed record ProjectRunResult(
    DetectedTestProject Project,
    TestRun Run,
    int? ExitCode,
    bool TimedOut,
    string? Error)
{
    /// <summary>The project's coverage when the request asked for it (a report, or why there is none); else null.</summary>
    public Coverage.Runs.ProjectCoverage? Coverage { get; init; }
}
