namespace Lightning.Testing.History;

/// <summary>
/// A run to start: where, which projects and tests (all by default), how long each project may take, how many times
/// failed tests are retried, and who asked.
/// </summary>
public sealed record TestRunStart(TestTarget Target)
{
    /// <summary>A detected project's root relative to the repository (<c>services/api</c>); null for every project.</summary>
    public string? Project { get; init; }

    /// <summary>A framework name or alias (<c>pytest</c>, <c>go</c>); null for every framework.</summary>
    public string? Framework { get; init; }

    public IReadOnlyList<string> Tests { get; init; } = [];

    public TimeSpan? Timeout { get; init; }

    /// <summary>Failed tests are run again up to this many times; null lets the retry policy decide per framework (<see cref="Optimization.RetryPolicy"/>).</summary>
    public int? Retries { get; init; }

    /// <summary>Split each shardable project into this many shards run at once (see <see cref="Parallel.ParallelTestRunner"/>).</summary>
    public int Shards { get; init; } = 1;

    /// <summary>A command of the user's that writes a report, run instead of detected frameworks (the custom runner).</summary>
    public Runners.CustomTestCommand? Custom { get; init; }

    /// <summary>Measure coverage while the tests run (each framework's own tool); stored with the run.</summary>
    public bool Coverage { get; init; }

    /// <summary>
    /// Coverage goals (<c>src/**: 80% lines</c>, or <c>src/**=80</c>), besides the repository's <c>.lightning/coverage.json</c>;
    /// a missed goal fails the run. Only with <see cref="Coverage"/>.
    /// </summary>
    public IReadOnlyList<string> CoverageGoals { get; init; } = [];

    /// <summary><c>smart</c>: recently failed and failure-prone tests first, then the fastest (<see cref="Runners.TestRunOrder"/>); null: the frameworks' order.</summary>
    public string? Order { get; init; }

    public string Trigger { get; init; } = TestRunTriggers.Api;

    public string RequestedBy { get; init; } = "unknown";
}
