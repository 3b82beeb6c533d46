using Lightning.Testing.Runners;

namespace Lightning.Testing.History;

public sealed partial class TestRunService
{
    /// <summary>
    /// A run with coverage: its projects' coverage is merged, checked against the goals and stored, and announced with a
    /// <see cref="TestRunEventTypes.Coverage"/> event. A missed goal fails a run whose tests passed; the error names each
    /// goal and the files below it.
    /// </summary>
    async Task<(TestRunStatus Status, string? Error)> RecordCoverageAsync(
        ActiveRun active, TestRunStart start, string directory, string? commit, string? branch, IReadOnlyList<ProjectRunResult> results,
        TestRunStatus status, string? error, CancellationToken cancellationToken)
    {
        var outcome = await coverage.RecordRunAsync(active.RunId, start.Target.Repository, commit, branch, directory, results, start.CoverageGoals, cancellationToken);
        await active.PublishAsync(TestRunEventTypes.Coverage, timeProvider.GetUtcNow(), null, outcome.Summary);
        if (outcome.Failure is not { } failure)
        {
            return (status, error);
        }

        return (status == TestRunStatus.Passed ? TestRunStatus.Failed : status, error is null ? failure : $"{error} {failure}");
    }
}
