namespace Lightning.Testing.Persistence;

/// <summary>One project of a run (a monorepo runs several), with how its process ended (table <c>test_run_projects</c>).</summary>
public sealed class TestRunProjectEntity
{
    public required string RunId { get; set; }

    public int Ordinal { get; set; }

    /// <summary>The project's root relative to the repository, <c>.</c> for the repository itself.</summary>
    public required string Root { get; set; }

    /// <summary>The framework's stable name: <c>pytest</c>, <c>go-test</c>, ...</summary>
    public required string Framework { get; set; }

    public required string Name { get; set; }

    public string? Variant { get; set; }

    public int? ExitCode { get; set; }

    public bool TimedOut { get; set; }

    public string? Error { get; set; }

    public int Total { get; set; }

    public int Passed { get; set; }

    public int Failed { get; set; }

    public int Errored { get; set; }

    public int Skipped { get; set; }

    public int Flaky { get; set; }

    public int SuiteErrors { get; set; }

    public double TestDurationMs { get; set; }
}
