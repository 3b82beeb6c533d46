using Lightning.Testing.History;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Runners;
using Lightning.Testing.Selection;
using Lightning.Testing.Selection.Watch;
using Lightning.Testing.Tests.History;
using Lightning.Testing.Tests.Runners;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Testing.Tests.Selection.Watch;

/// <summary>Watch runs go into history (<c>trigger: watch</c>), recorded after their results were reported.</summary>
[Collection(RunnerCollection.Name)]
public sealed class WatchRecordingTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_RecordAs_StoresTheWatchRunAfterReportingIt()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        var target = harness.PytestProject();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var reporter = new StopAfterFirstRun(harness.Store, stop);

        try
        {
            await harness.Services.GetRequiredService<TestWatchSession>().RunAsync(
                new TestWatchOptions(target.FullPath) { RecordAs = "shop" }, reporter, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        reporter.RunsStoredWhenReported.ShouldBe(0); // the result came first; the database write followed
        var runs = await harness.Store.ListAsync(new TestRunQuery("shop", null, null, 10, null), Token);
        var run = runs.Items.ShouldHaveSingleItem();
        (run.Trigger, run.Status, run.Totals.Passed, run.Project).ShouldBe((TestRunTriggers.Watch, TestRunStatus.Passed, 1, "."));
        (await harness.Runs.MergedRunAsync(run.Id, Token)).EnumerateCases().Single().Name.ShouldBe("test_add");
    }

    sealed class StopAfterFirstRun(TestHistoryStore store, CancellationTokenSource stop) : ITestWatchReporter
    {
        public int? RunsStoredWhenReported { get; private set; }

        public ValueTask RunStartingAsync(FileChangeBatch? batch, TestSelection? selection) => ValueTask.CompletedTask;

        public ValueTask EventAsync(string project, TestEvent testEvent) => ValueTask.CompletedTask;

        public async ValueTask RunFinishedAsync(IReadOnlyList<ProjectRunResult> results, TimeSpan elapsed)
        {
            results.ShouldHaveSingleItem();
            RunsStoredWhenReported = (await store.ListAsync(new TestRunQuery("shop", null, null, 10, null), CancellationToken.None)).Items.Count;
            await stop.CancelAsync();
        }
    }
}
