using System.Text.Json;
using Lightning.Testing.Persistence;
using Lightning.Testing.Results;

namespace Lightning.Testing.History;

/// <summary>A run as the API, the CLI and the tool agent show it.</summary>
public sealed record TestRunView(
    string Id,
    string Repository,
    string? Project,
    string? Framework,
    IReadOnlyList<string> Tests,
    int Retries,
    int? TimeoutSeconds,
    string Trigger,
    string RequestedBy,
    string? CommitSha,
    string? Branch,
    TestRunStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    TestTotals Totals,
    string? Error)
{
    /// <summary>Wall-clock time from start to finish; null until both are known.</summary>
    public TimeSpan? Duration => StartedAt is { } start && FinishedAt is { } end ? end - start : null;

    /// <summary>Quarantined tests that failed: shown in the results, but they did not fail the run.</summary>
    public int QuarantinedFailures { get; init; }

    /// <summary>
    /// Who asked to cancel the run and when, while it is still stopping (live: the runs list and its socket); null
    /// otherwise. Once recorded, a cancelled run says so by its status (and its events name who).
    /// </summary>
    public string? CancelRequestedBy { get; init; }

    public DateTimeOffset? CancelRequestedAt { get; init; }

    public static TestRunView From(TestRunEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new TestRunView(
            entity.Id, entity.Repository, entity.Project, entity.Framework,
            entity.TestsJson is null ? [] : JsonSerializer.Deserialize<List<string>>(entity.TestsJson) ?? [],
            entity.Retries, entity.TimeoutSeconds, entity.Trigger, entity.RequestedBy, entity.CommitSha, entity.Branch, entity.Status,
            entity.CreatedAt, entity.StartedAt, entity.FinishedAt,
            new TestTotals(entity.Total, entity.Passed, entity.Failed, entity.Errored, entity.Skipped, entity.Flaky, entity.SuiteErrors,
                TimeSpan.FromMilliseconds(entity.TestDurationMs)),
            entity.Error)
        { QuarantinedFailures = entity.QuarantinedFailures };
    }
}
