using System.Text.Json.Serialization;

namespace Lightning.Testing.Results;

/// <summary>
/// One test case of a run, whatever framework ran it. <see cref="Id"/> is stable across runs of the same test
/// (see <see cref="TestCaseId"/>); <see cref="Duration"/> and <see cref="Line"/> are null when the report does not
/// give them. Output and failures are kept verbatim.
/// </summary>
public sealed record TestCase
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The class, describe block or package the case belongs to, as the framework names it.</summary>
    public string? ClassName { get; init; }

    public string? File { get; init; }

    /// <summary>1-based line of the test in <see cref="File"/>.</summary>
    public int? Line { get; init; }

    public required TestOutcome Outcome { get; init; }

    public TimeSpan? Duration { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public string? Stdout { get; init; }

    public string? Stderr { get; init; }

    /// <summary>Failures in the order reported; more than one when, say, pytest reports a failed call and a failed teardown.</summary>
    public IReadOnlyList<TestFailure> Failures { get; init; } = [];

    public TestSkip? Skip { get; init; }

    /// <summary>Every run of a retried case, the last being the final one; empty when the case ran once.</summary>
    public IReadOnlyList<TestAttempt> Attempts { get; init; } = [];

    public IReadOnlyList<TestProperty> Properties { get; init; } = [];

    /// <summary>The first failure, the one to show.</summary>
    [JsonIgnore]
    public TestFailure? Failure => Failures.Count > 0 ? Failures[0] : null;
}
