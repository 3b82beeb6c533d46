namespace Lightning.Testing.Runners;

/// <summary>
/// The custom runner: any command that reports its tests in a format the platform reads (JUnit XML, TRX, TAP, the
/// <c>go test -json</c> stream). <see cref="Reports"/> are globs, relative to <see cref="Directory"/>, of the report files
/// the command writes; files it writes to <c>$LIGHTNING_REPORT_DIR</c> (a fresh directory outside the repository) are
/// read as well; with neither, its standard output is the report (TAP, say). Report files older than the run are ignored.
/// </summary>
public sealed record CustomTestCommand
{
    /// <summary>The program and its arguments, never a shell string. A bare program is looked up on the search path; a
    /// relative path is relative to <see cref="Directory"/>.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Where the command runs, relative to the repository.</summary>
    public string Directory { get; init; } = ".";

    /// <summary>Shown as the project's name; <c>custom</c> when null.</summary>
    public string? Name { get; init; }

    public IReadOnlyList<string> Reports { get; init; } = [];

    /// <summary>Commands run before <see cref="Command"/> (a build), each an argument list; the run stops at the first that fails.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Preparation { get; init; } = [];
}
