using Lightning.Core.Workspaces;

namespace Lightning.Testing.Runners;

/// <summary>
/// What to run. <see cref="Repository"/> is a directory inside <see cref="Workspace"/>; every test project detected in
/// it runs unless <see cref="Project"/> (a detected project's relative root) or <see cref="Framework"/> (a name or alias
/// of <see cref="Detection.TestFrameworks"/>) narrows it. <see cref="Tests"/> selects cases by id (as
/// <see cref="Results.TestCaseId"/> writes them) or by the framework's own selector; empty runs every test.
/// With <see cref="Custom"/>, nothing is detected: that command is the one project.
/// </summary>
public sealed record TestRunRequest
{
    public required string Repository { get; init; }

    /// <summary>
    /// The directory the run is confined to. Null means <see cref="Repository"/> is an absolute path the caller vouches for
    /// (the CLI on a directory its user named), which then is its own workspace.
    /// </summary>
    public Workspace? Workspace { get; init; }

    public string? Project { get; init; }

    public string? Framework { get; init; }

    public IReadOnlyList<string> Tests { get; init; } = [];

    /// <summary>Per project; the runner's configured default when null. When it passes, the process tree is killed.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Failed cases are run again up to this many times; every run is kept as an attempt.</summary>
    public int Retries { get; init; }

    /// <summary>
    /// Retries for projects of these frameworks (stable names: <c>pytest</c>, <c>go-test</c>) instead of <see cref="Retries"/>:
    /// the retry policy's per-framework settings (<see cref="Optimization.RetryPolicyOptions"/>) for a run that gave none.
    /// </summary>
    public IReadOnlyDictionary<string, int> FrameworkRetries { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>Why the run has its retries (the retry policy's reason), told in a project's notes when it retries; null when asked for.</summary>
    public string? RetryReason { get; init; }

    /// <summary>How many times failed cases of a project of <paramref name="framework"/> are run again.</summary>
    public int RetriesFor(Lightning.Testing.Detection.TestFramework framework) =>
        FrameworkRetries.TryGetValue(Lightning.Testing.Detection.TestFrameworks.NameOf(framework), out var retries) ? retries : Retries;

    /// <summary>
    /// Split each shardable project into this many shards run at once (<see cref="Parallel.ParallelTestRunner"/>),
    /// planned from the tests' durations in the history of <see cref="RecordedAs"/>; 1 runs each project whole.
    /// </summary>
    public int Shards { get; init; } = 1;

    /// <summary>
    /// The project was built for this run already (a dotnet shard listing built it): its test command must not build
    /// again, as shards running side by side would build into the same bin/ and obj/ at once.
    /// </summary>
    internal bool Prebuilt { get; init; }

    /// <summary>The repository name the run's history is kept under (where shard planning finds durations).</summary>
    public string? RecordedAs { get; init; }

    /// <summary>
    /// A detection of <see cref="Repository"/> made earlier, used instead of detecting again (the watch loop, while
    /// nothing structural changed). Null: detect.
    /// </summary>
    public Detection.TestDetectionReport? Detection { get; init; }

    /// <summary>Toolchain reports probed earlier for <see cref="Detection"/>'s projects (by project root), used instead of probing again.</summary>
    public IReadOnlyDictionary<string, Detection.Toolchains.ToolchainReport>? Toolchains { get; init; }

    /// <summary>A command of the user's that writes a report (JUnit XML, TAP, ...) instead of a detected framework.</summary>
    public CustomTestCommand? Custom { get; init; }

    /// <summary>
    /// Run each project's first pass under its coverage tool (<see cref="Coverage.Collectors.CoverageCollectors"/>) and
    /// return its report in <see cref="ProjectRunResult.Coverage"/>; retries run without it.
    /// </summary>
    public bool Coverage { get; init; }

    /// <summary>With <see cref="Coverage"/>: where JUnit 5 writes each test's own coverage, for coverage maps (see <see cref="Lightning.Testing.Coverage.Collectors.CoverageCollectorOptions.PerTestDirectory"/>).</summary>
    public string? PerTestCoverageDirectory { get; init; }

    /// <summary>
    /// <see cref="TestRunOrder.Smart"/>: run the tests in <see cref="OrderedTests"/>'s order (read from the history of
    /// <see cref="RecordedAs"/> when not given) where the framework takes an order (pytest, Jest files, go packages, RSpec, PHPUnit), or as a split run (dotnet test: failure-prone tests in a first invocation);
    /// tests it does not list come after. Null: the framework's own order.
    /// </summary>
    public string? Order { get; init; }

    /// <summary>The smart order, when the caller has it; see <see cref="Order"/>.</summary>
    public IReadOnlyList<OrderedRunTest>? OrderedTests { get; init; }

    /// <summary>
    /// go test only: <c>-shuffle=N</c>. go takes no list of tests to order, but it shuffles every test of a package with
    /// this seed before <c>-run</c> filters them, so any selection keeps the relative order of the full shuffle (the
    /// order check reorders go this way).
    /// </summary>
    public long? ShuffleSeed { get; init; }

    /// <summary>Run test files one after another (Jest <c>--runInBand</c>), so that the order given is the order they run (the order check).</summary>
    public bool OneAtATime { get; init; }
}
