using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;

namespace Lightning.Testing.Runners;

/// <summary>
/// One project's run as adapters see it: the project, its directory on disk, the toolchain the probe checked, the search
/// path children get as PATH, and a scratch directory outside the repository for reports, plugins and build output.
/// </summary>
internal sealed record ProjectContext(
    DetectedTestProject Project,
    string Directory,
    ToolchainReport Toolchain,
    string SearchPath,
    string Scratch)
{
    /// <summary>Variables every process of this context gets besides the adapter's (a coverage tool's settings).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary><see cref="TestRunRequest.Prebuilt"/>: the test command does not build the project again.</summary>
    public bool Prebuilt { get; init; }

    /// <summary>A user's argument that names a file of the project: relative to <see cref="Directory"/>.</summary>
    public string Full(string relative) => Path.GetFullPath(Path.Combine(Directory, relative));
}

/// <summary>One run of the test process: the first (attempt 1) or a retry, with the selectors that narrow it (none: every test).</summary>
internal sealed record RunPass(ProjectContext Context, int Attempt, IReadOnlyList<string> Selectors, string Scratch)
{
    /// <summary>The order to run tests in (the smart order, first pass only), for adapters that take one (<see cref="FrameworkAdapter.CanOrder"/>).</summary>
    public IReadOnlyList<OrderedRunTest> Order { get; init; } = [];

    /// <summary>
    /// Tests (selectors) this pass must not run: the second invocation of a split smart-ordered dotnet run, which runs
    /// every test but those the first ran (<see cref="Selectors"/> is then empty).
    /// </summary>
    public IReadOnlyList<string> Excluded { get; init; } = [];

    /// <summary>go test's <c>-shuffle</c> seed (<see cref="TestRunRequest.ShuffleSeed"/>), first pass only.</summary>
    public long? ShuffleSeed { get; init; }

    /// <summary>Files one after another (<see cref="TestRunRequest.OneAtATime"/>), first pass only.</summary>
    public bool OneAtATime { get; init; }

    public string EventsFile => Path.Combine(Scratch, "events.jsonl");

    public string File(string name) => Path.Combine(Scratch, name);
}

/// <summary>What a pass runs: the command, the variables added to its (scrubbed) environment, and how its output is read.</summary>
internal sealed record PassPlan(IReadOnlyList<string> Command, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>A plugin appends live events to <see cref="RunPass.EventsFile"/>.</summary>
    public bool FollowsEventsFile { get; init; }

    /// <summary>Stdout is copied to this file (a report that is a stream: go test -json, TAP).</summary>
    public string? StdoutCopy { get; init; }

    /// <summary>Stderr goes into <see cref="StdoutCopy"/> too, interleaved as <c>2&gt;&amp;1</c> would.</summary>
    public bool CopyStderr { get; init; }

    /// <summary>False when the report holds stdout already: it is not kept as the run's output again.</summary>
    public bool KeepStdout { get; init; } = true;
}
