using Lightning.Testing.History;

namespace Lightning.Testing.Persistence;

/// <summary>One run of tests: what was asked, where, by whom, how it ended and its totals (table <c>test_runs</c>).</summary>
public sealed class TestRunEntity
{
    public required string Id { get; set; }

    /// <summary>A registered repository's name, a path relative to the workspace, or the directory a CLI run was given.</summary>
    public required string Repository { get; set; }

    /// <summary>The project (a detected project's root) the run was narrowed to, if any.</summary>
    public string? Project { get; set; }

    /// <summary>The framework the run was narrowed to, else the frameworks that ran, comma-separated.</summary>
    public string? Framework { get; set; }

    /// <summary>Test ids or selectors the run was narrowed to, as a JSON array; null for every test.</summary>
    public string? TestsJson { get; set; }

    public int Retries { get; set; }

    public int? TimeoutSeconds { get; set; }

    /// <summary>Who started it: <c>api</c>, <c>cli</c>, <c>collaboration</c>, <c>import</c>.</summary>
    public required string Trigger { get; set; }

    public required string RequestedBy { get; set; }

    public string? CommitSha { get; set; }

    public string? Branch { get; set; }

    public TestRunStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public int Total { get; set; }

    public int Passed { get; set; }

    public int Failed { get; set; }

    public int Errored { get; set; }

    public int Skipped { get; set; }

    public int Flaky { get; set; }

    public int SuiteErrors { get; set; }

    /// <summary>Failed or errored tests that were quarantined: shown, but they did not fail the run.</summary>
    public int QuarantinedFailures { get; set; }

    /// <summary>Summed case durations, in milliseconds.</summary>
    public double TestDurationMs { get; set; }

    /// <summary>Why the run did not produce (all) results: no project found, a missing toolchain, a timeout, a crash.</summary>
    public string? Error { get; set; }
}
