using Lightning.Testing.History;
using Lightning.Testing.Results;
using Lightning.Testing.Tests.Results;

namespace Lightning.Testing.Tests.History;

/// <summary>The history store on SQLite; <see cref="TestHistoryStorePostgresTests"/> runs the same tests on PostgreSQL.</summary>
public class TestHistoryStoreTests : IAsyncLifetime
{
    HistoryHarness _harness = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    protected virtual bool Postgres => false;

    public async ValueTask InitializeAsync() => _harness = await HistoryHarness.CreateAsync(postgres: Postgres);

    public async ValueTask DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task GetAsync_ImportedGoldenReport_HasEveryCaseWithOutcomeAndTheFullModel()
    {
        var golden = await File.ReadAllTextAsync(ResultsTestKit.Golden("pytest", "pytest-xunit2.xml"), Token);
        var expected = await ResultsTestKit.ReadGoldenAsync("pytest", "pytest-xunit2.xml");

        var run = await _harness.ImportAsync(golden, commit: "ABCDEF1");
        var details = await _harness.Store.GetAsync(run.Id, outcome: null, Token);
        var failed = await _harness.Store.GetAsync(run.Id, TestOutcome.Failed, Token);
        var stored = await _harness.Store.ReadResultsAsync(run.Id, Token);

        details.ShouldNotBeNull();
        details.Run.Status.ShouldBe(TestRunStatus.Failed);
        details.Run.CommitSha.ShouldBe("abcdef1");
        details.Run.Totals.ShouldBe(expected.Totals);
        details.Results.Select(r => (r.Id, r.Outcome)).ShouldBe(expected.EnumerateCases().Select(c => (c.Id, c.Outcome)));
        details.Projects.Single().Framework.ShouldBe("pytest");
        failed!.Results.ShouldAllBe(r => r.Outcome == TestOutcome.Failed);
        failed.Results.Count.ShouldBe(expected.Totals.Failed);
        failed.Results.ShouldContain(r => r.Id == "test_calc::test_add_fails" && r.FailureMessage!.StartsWith("AssertionError: two and two make four", StringComparison.Ordinal));
        stored.ShouldNotBeNull().Single().Run.ShouldBeSameRunAs(expected);
    }

    [Fact]
    public async Task ListAsync_FiltersAndPages_NewestFirst()
    {
        var first = await _harness.ImportAsync(HistoryHarness.PassingReport);
        var second = await _harness.ImportAsync(HistoryHarness.FailingReport);
        var third = await _harness.ImportAsync(HistoryHarness.PassingReport, repository: "other");
        var goReport = await File.ReadAllTextAsync(ResultsTestKit.Golden("go", "go-test.jsonl"), Token);
        var go = await _harness.ImportAsync(goReport, source: "go.jsonl");

        var all = await _harness.Store.ListAsync(new TestRunQuery(), Token);
        var shop = await _harness.Store.ListAsync(new TestRunQuery(Repository: "shop"), Token);
        var failed = await _harness.Store.ListAsync(new TestRunQuery(Status: TestRunStatus.Failed), Token);
        var goRuns = await _harness.Store.ListAsync(new TestRunQuery(Framework: "go-test"), Token);
        var page1 = await _harness.Store.ListAsync(new TestRunQuery(Limit: 3), Token);
        var page2 = await _harness.Store.ListAsync(new TestRunQuery(Limit: 3, Before: page1.Next), Token);

        all.Items.Select(r => r.Id).ShouldBe([go.Id, third.Id, second.Id, first.Id]);
        shop.Items.Select(r => r.Id).ShouldBe([go.Id, second.Id, first.Id]);
        failed.Items.Select(r => r.Id).ShouldBe([go.Id, second.Id]);
        goRuns.Items.Select(r => r.Id).ShouldBe([go.Id]);
        page1.Items.Count.ShouldBe(3);
        page1.Next.ShouldBe(second.Id);
        page2.Items.Select(r => r.Id).ShouldBe([first.Id]);
        page2.Next.ShouldBeNull();
    }

    [Fact]
    public async Task CaseHistoryAsync_OverRuns_NewestFirstWithPassRateAndAverage()
    {
        await _harness.ImportAsync(HistoryHarness.PassingReport, commit: "aaaa");
        _harness.Clock.Advance(TimeSpan.FromMinutes(1));
        await _harness.ImportAsync(HistoryHarness.FailingReport, commit: "bbbb");
        _harness.Clock.Advance(TimeSpan.FromMinutes(1));
        await _harness.ImportAsync(HistoryHarness.PassingReport, commit: "cccc");
        await _harness.ImportAsync(HistoryHarness.FailingReport, repository: "other");

        var history = await _harness.Store.CaseHistoryAsync("test_calc::test_add", "shop", 50, Token);
        var everywhere = await _harness.Store.CaseHistoryAsync("test_calc::test_add", null, 50, Token);

        history.Entries.Select(e => (e.Outcome, e.CommitSha)).ShouldBe([(TestOutcome.Passed, "cccc"), (TestOutcome.Failed, "bbbb"), (TestOutcome.Passed, "aaaa")]);
        history.Entries[1].FailureMessage.ShouldBe("assert 3 == 4");
        history.Runs.ShouldBe(3);
        history.Passed.ShouldBe(2);
        history.Failed.ShouldBe(1);
        history.PassRate.ShouldBe(0.6667);
        history.AverageDuration.ShouldBe(TimeSpan.FromMilliseconds(40.0 / 3));
        everywhere.Runs.ShouldBe(4);
    }

    [Fact]
    public async Task SlowestAsync_AveragesOverRecentRuns_SlowestFirst()
    {
        await _harness.ImportAsync(HistoryHarness.PassingReport);
        await _harness.ImportAsync(HistoryHarness.FailingReport);

        var slowest = await _harness.Store.SlowestAsync("shop", null, 10, 20, Token);
        var lastRunOnly = await _harness.Store.SlowestAsync("shop", null, 10, 1, Token);

        slowest.Select(t => t.Id).ShouldBe(["test_calc::test_sub", "test_calc::test_add"]);
        slowest[0].AverageDuration.ShouldBe(TimeSpan.FromMilliseconds(200));
        slowest[0].MaxDuration.ShouldBe(TimeSpan.FromMilliseconds(250));
        slowest[0].LastDuration.ShouldBe(TimeSpan.FromMilliseconds(150));
        slowest[0].Runs.ShouldBe(2);
        slowest[0].Name.ShouldBe("test_sub");
        slowest[0].File.ShouldBe("test_calc.py");
        lastRunOnly[0].AverageDuration.ShouldBe(TimeSpan.FromMilliseconds(150));
    }

    [Fact]
    public async Task MostFailingAsync_CountsFailuresAndFlakyApart()
    {
        await _harness.ImportAsync(HistoryHarness.FailingReport);
        _harness.Clock.Advance(TimeSpan.FromMinutes(1));
        await _harness.ImportAsync(HistoryHarness.FailingReport);
        await _harness.ImportAsync(HistoryHarness.PassingReport);
        var surefire = await File.ReadAllTextAsync(ResultsTestKit.Golden("handwritten", "surefire-flaky.xml"), Token);
        await _harness.ImportAsync(surefire, repository: "java");

        var failing = await _harness.Store.MostFailingAsync("shop", null, 10, 20, Token);
        var java = await _harness.Store.MostFailingAsync("java", null, 10, 20, Token);

        var add = failing.ShouldHaveSingleItem();
        add.Id.ShouldBe("test_calc::test_add");
        add.Failures.ShouldBe(2);
        add.Runs.ShouldBe(3);
        add.LastFailureMessage.ShouldBe("assert 3 == 4");
        add.LastFailedAt.ShouldBe(_harness.Clock.GetUtcNow());
        java.ShouldContain(t => t.Flaky > 0 && t.Failures == 0);
    }

    [Fact]
    public async Task ReadEventsAsync_ImportedRun_PagesThroughTheRunsEventsInOrder()
    {
        var run = await _harness.ImportAsync(HistoryHarness.PassingReport);

        var first = await _harness.Store.ReadEventsAsync(run.Id, 0, 3, Token);
        var rest = await _harness.Store.ReadEventsAsync(run.Id, first.Next!.Value, 100, Token);

        first.Items.Select(e => e.Sequence).ShouldBe([1, 2, 3]);
        first.Items.Select(e => e.Type).ShouldBe([TestRunEventTypes.Queued, "run-started", "suite-started"]);
        rest.Items[^1].Type.ShouldBe(TestRunEventTypes.Finished);
        rest.Items[^1].Data!.Value.GetProperty("status").GetString().ShouldBe("passed");
        rest.Items.Count(e => e.Type == "passed").ShouldBe(2);
        rest.Next.ShouldBeNull();
    }

    [Fact]
    public async Task RecoverInterruptedAsync_RunLeftRunning_EndsErroredWithAFinishedEvent()
    {
        var entity = new Lightning.Testing.Persistence.TestRunEntity
        {
            Id = "trun_left", Repository = "shop", Trigger = TestRunTriggers.Api, RequestedBy = "someone",
            Status = TestRunStatus.Running, CreatedAt = _harness.Clock.GetUtcNow(),
        };
        await _harness.Store.CreateAsync(entity, Token);

        var recovered = await _harness.Store.RecoverInterruptedAsync(Token);
        var run = await _harness.Store.FindAsync("trun_left", Token);
        var events = await _harness.Store.ReadEventsAsync("trun_left", 0, 10, Token);

        recovered.ShouldBe(1);
        run!.Status.ShouldBe(TestRunStatus.Errored);
        run.Error.ShouldNotBeNull().ShouldContain("stopped before it finished");
        events.Items.ShouldHaveSingleItem().Type.ShouldBe(TestRunEventTypes.Finished);
    }
}

/// <summary>The same store tests on PostgreSQL (scripts/services/postgres.sh), through its own migrations.</summary>
public sealed class TestHistoryStorePostgresTests : TestHistoryStoreTests
{
    protected override bool Postgres => true;
}
