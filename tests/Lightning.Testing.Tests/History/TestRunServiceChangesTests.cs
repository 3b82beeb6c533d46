using Lightning.Testing.History;
using Lightning.Testing.Tests.Results;
using Lightning.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Testing.Tests.History;

/// <summary>What <see cref="TestRunService"/> tells the live runs list (<see cref="TestRunChanges"/>) as runs go.</summary>
public sealed class TestRunServiceChangesTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartAsync_ReplayedRun_AnnouncesCreatedStartedThrottledProgressAndFinishedWithTotals()
    {
        var golden = await File.ReadAllTextAsync(ResultsTestKit.Golden("pytest", "pytest-xunit2.xml"), Token);
        var expected = await ResultsTestKit.ReadGoldenAsync("pytest", "pytest-xunit2.xml");
        await using var harness = await HistoryHarness.CreateAsync(new ReplayTestRunner(_ => golden));
        using var changes = harness.Services.GetRequiredService<TestRunChanges>().Subscribe();

        var started = await harness.Runs.StartAsync(new TestRunStart(harness.PytestProject()), Token);
        await harness.Runs.WaitAsync(started.Id, Token);
        var imported = await harness.ImportAsync(HistoryHarness.PassingReport);
        var seen = new List<TestRunChange>();
        while (changes.Reader.TryRead(out var change))
        {
            seen.Add(change);
        }

        var run = seen.Where(c => c.Id == started.Id).ToList();
        run[0].Type.ShouldBe(TestRunChangeTypes.Created);
        run[0].Run!.Status.ShouldBe(TestRunStatus.Queued);
        run[1].Type.ShouldBe(TestRunChangeTypes.Started);
        run[1].Run!.Status.ShouldBe(TestRunStatus.Running);
        run[^1].Type.ShouldBe(TestRunChangeTypes.Finished);
        run[^1].Run!.Totals.ShouldBe(expected.Totals);
        run[^1].Frameworks.ShouldContain("pytest");
        var progress = run.Skip(2).SkipLast(1).ToList();
        progress.ShouldAllBe(c => c.Type == TestRunChangeTypes.Progress && c.Run!.Status == TestRunStatus.Running);
        // The clock stands still: the first count goes out at once and the rest wait (at most the 1 s flush lets one more out).
        progress.Count.ShouldBeInRange(1, 2);
        progress[0].Run!.Totals.Total.ShouldBe(1);
        expected.Totals.Total.ShouldBeGreaterThan(2);
        var importChange = seen.Where(c => c.Id == imported.Id).ShouldHaveSingleItem();
        importChange.Type.ShouldBe(TestRunChangeTypes.Finished);
        importChange.Run!.Totals.Passed.ShouldBe(2);
    }
}
