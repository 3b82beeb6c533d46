using Lightning.Testing.History;
using Lightning.Testing.Results;

namespace Lightning.Testing.Flaky;

/// <summary>
/// Updates the flakiness of every test that failed, errored or passed only on a retry in a recorded run (live or
/// imported), and of every test with a verdict already, from history; reruns only when <see cref="FlakyOptions.RerunsAfterRun"/> is set and the repository is
/// on this machine.
/// </summary>
public sealed class FlakyRunObserver(FlakyDetector detector, FlakyTestStore store) : ITestRunObserver
{
    public async Task OnRunRecordedAsync(TestRunView run, IReadOnlyList<TestRunProjectResult> projects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(projects);
        // Tests that failed now, and tests already judged (a pass is evidence too: an inconclusive failure may now be a flip).
        var tracked = await store.TrackedIdsAsync(run.Repository, cancellationToken);
        var ids = projects.SelectMany(p => p.Run.EnumerateCases())
            .Where(c => c.Outcome is TestOutcome.Failed or TestOutcome.Errored or TestOutcome.Flaky || tracked.Contains(c.Id))
            .Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return;
        }

        var target = await detector.LocateAsync(run.Repository, cancellationToken);
        await detector.AnalyzeAsync(run.Repository, target, ids, detector.Options.RerunsAfterRun, cancellationToken);
    }
}
