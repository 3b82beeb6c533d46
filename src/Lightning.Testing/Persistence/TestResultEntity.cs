using Lightning.Testing.Results;

namespace Lightning.Testing.Persistence;

/// <summary>
/// One case of one run (table <c>test_results</c>): the row per-test history, the slowest and the most failing tests
/// are read from. The repository and the run's time are copied here so those queries need no join.
/// </summary>
public sealed class TestResultEntity
{
    public long Id { get; set; }

    public required string RunId { get; set; }

    public required string Repository { get; set; }

    public required string Project { get; set; }

    public required string Framework { get; set; }

    /// <summary>The stable case id (<see cref="TestCaseId"/>), the key of a test's history.</summary>
    public required string CaseId { get; set; }

    public required string Suite { get; set; }

    public required string Name { get; set; }

    public string? ClassName { get; set; }

    public string? File { get; set; }

    public int? Line { get; set; }

    public TestOutcome Outcome { get; set; }

    public double? DurationMs { get; set; }

    /// <summary>How many times the case ran: 1, or the number of attempts when it was retried.</summary>
    public int Attempts { get; set; }

    public string? FailureMessage { get; set; }

    public string? FailureType { get; set; }

    /// <summary>The test was quarantined when it ran: its failure did not fail the run.</summary>
    public bool Quarantined { get; set; }

    /// <summary>When the run finished (or started, for a run that never did): the time axis of a test's history.</summary>
    public DateTimeOffset RunAt { get; set; }
}
