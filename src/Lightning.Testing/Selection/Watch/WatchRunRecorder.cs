using Lightning.Testing.History;
using Lightning.Testing.Results;
using Lightning.Testing.Runners;
using Microsoft.Extensions.Logging;

namespace Lightning.Testing.Selection.Watch;

/// <summary>
/// Records the runs a <see cref="TestWatchSession"/> makes in history, tagged <see cref="TestRunTriggers.Watch"/>,
/// after their results were shown: each project's results go through <see cref="TestRunService.ImportAsync"/> (so
/// quarantine, the flaky observer and notifications see them like any other run). Recording happens in the
/// background, one run after another in the order they ran, so a save's results are never held up by the database;
/// <see cref="DrainAsync"/> waits for what is pending when the session ends.
/// </summary>
public sealed class WatchRunRecorder(TestRunService runs, ILogger<WatchRunRecorder> logger)
{
    readonly Lock _gate = new();
    Task _pending = Task.CompletedTask;

    /// <summary>
    /// Queues the results of one watch run and returns at once; the task completes with the runs recorded for it
    /// (empty when nothing was to record or recording failed), for reporters that name them.
    /// </summary>
    public Task<IReadOnlyList<TestRunView>> Enqueue(string repository, string? commit, IReadOnlyList<ProjectRunResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<TestRunView>>([]);
        }

        lock (_gate)
        {
            var previous = _pending;
            var recording = Task.Run(async () =>
            {
                await previous;
                return await RecordAsync(repository, commit, results, CancellationToken.None);
            });
            _pending = recording;
            return recording;
        }
    }

    /// <summary>Waits until every queued run is recorded (or the token fires).</summary>
    public Task DrainAsync(CancellationToken cancellationToken)
    {
        Task pending;
        lock (_gate)
        {
            pending = _pending;
        }

        return pending.WaitAsync(cancellationToken);
    }

    /// <summary>Records each project's results as one run; returns the recorded runs. Failures are logged, never thrown.</summary>
    public async Task<IReadOnlyList<TestRunView>> RecordAsync(string repository, string? commit, IReadOnlyList<ProjectRunResult> results, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        var recorded = new List<TestRunView>();
        foreach (var result in results)
        {
            try
            {
                using var report = new MemoryStream();
                await runs.WriteAsync(result.Run, TestReportFormat.EventStream, report, cancellationToken);
                report.Position = 0;
                recorded.Add(await runs.ImportAsync(report, "watch.jsonl", new TestRunImport(repository)
                {
                    Project = result.Project.Root,
                    Framework = Detection.TestFrameworks.NameOf(result.Project.Framework),
                    CommitSha = commit,
                    Trigger = TestRunTriggers.Watch,
                    RequestedBy = "watch",
                }, cancellationToken));
            }
#pragma warning disable CA1031 // Recording is a follow-up: a failure to store never stops watching.
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                Log.WatchRunNotRecorded(logger, repository, result.Project.Root, ex);
            }
        }

        return recorded;
    }
}
