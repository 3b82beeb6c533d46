using System.Text;
using Lightning.Core.Errors;
using Lightning.Testing.History;
using Lightning.Testing.Results;
using Lightning.Testing.Tests.Results;
using Lightning.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Testing.Tests.History;

public sealed class TestRunServiceTests : IAsyncDisposable
{
    readonly List<HistoryHarness> _harnesses = [];

    static CancellationToken Token => TestContext.Current.CancellationToken;

    static string Golden => File.ReadAllText(ResultsTestKit.Golden("pytest", "pytest-xunit2.xml"));

    [Fact]
    public async Task StartAsync_ReplayedRun_StreamsEveryEventInOrderAndStoresTheResults()
    {
        var runner = new ReplayTestRunner(_ => Golden);
        var harness = await HarnessAsync(runner);
        var target = harness.PytestProject();

        var started = await harness.Runs.StartAsync(new TestRunStart(target) { Retries = 2, Timeout = TimeSpan.FromMinutes(5), RequestedBy = "tester" }, Token);
        var events = await WatchAllAsync(harness, started.Id);
        var details = await harness.Store.GetAsync(started.Id, null, Token);
        var stored = await harness.Store.ReadEventsAsync(started.Id, 0, 5000, Token);
        var expected = await ResultsTestKit.ReadGoldenAsync("pytest", "pytest-xunit2.xml");

        started.Status.ShouldBe(TestRunStatus.Queued);
        events.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, events.Count).Select(i => (long)i));
        events.Take(4).Select(e => e.Type).ShouldBe([TestRunEventTypes.Queued, TestRunEventTypes.Started, TestRunEventTypes.Detected, "run-started"]);
        events.TakeLast(3).Select(e => e.Type).ShouldBe(["run-finished", TestRunEventTypes.ProjectFinished, TestRunEventTypes.Finished]);
        events.Where(e => e.Type is "passed" or "failed" or "skipped").ShouldAllBe(e => e.Project == ".");
        events.Count(e => e.Type == "case-started").ShouldBe(expected.Totals.Total);
        events[^1].Data!.Value.GetProperty("status").GetString().ShouldBe("failed");
        stored.Items.Select(e => (e.Sequence, e.Type)).ShouldBe(events.Select(e => (e.Sequence, e.Type)));
        details!.Run.Status.ShouldBe(TestRunStatus.Failed);
        details.Run.Totals.ShouldBe(expected.Totals);
        details.Run.RequestedBy.ShouldBe("tester");
        details.Run.Framework.ShouldBe("pytest");
        details.Projects.ShouldHaveSingleItem().Root.ShouldBe(".");
        var request = runner.Requests.ShouldHaveSingleItem();
        request.Repository.ShouldBe("shop");
        request.Workspace!.Root.ShouldBe(harness.Workspace.Root);
        (request.Retries, request.Timeout).ShouldBe((2, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task StartAsync_RealPytestProject_LiveOutcomesAgreeWithTheStoredResults()
    {
        var harness = await HarnessAsync(null, realRunner: true);
        var target = harness.PytestProject();
        await File.WriteAllTextAsync(Path.Combine(harness.Workspace.Root, "shop", "test_calc.py"), """
            import pytest

            def test_add():
                assert 1 + 1 == 2

            def test_sub():
                print("computing")
                assert 3 - 1 == 1, "three minus one"

            @pytest.mark.skip(reason="not today")
            def test_mul():
                pass
            """, Token);

        var started = await harness.Runs.StartAsync(new TestRunStart(target), Token);
        var events = await WatchAllAsync(harness, started.Id);
        var details = await harness.Store.GetAsync(started.Id, null, Token);

        details!.Run.Status.ShouldBe(TestRunStatus.Failed, details.Run.Error);
        details.Results.Select(r => (r.Id, r.Outcome)).Order().ShouldBe(
            [("test_calc::test_add", TestOutcome.Passed), ("test_calc::test_mul", TestOutcome.Skipped), ("test_calc::test_sub", TestOutcome.Failed)]);
        details.Results.Single(r => r.Outcome == TestOutcome.Failed).FailureMessage.ShouldNotBeNull().ShouldContain("three minus one");
        var cases = events.Where(e => e.Type == "case-started").ToDictionary(e => e.Data!.Value.GetProperty("caseKey").GetString()!, e => e.Data!.Value.GetProperty("id").GetString()!);
        var live = events.Where(e => e.Type is "passed" or "failed" or "skipped")
            .Select(e => (cases[e.Data!.Value.GetProperty("caseKey").GetString()!], e.Data!.Value.GetProperty("outcome").GetString())).Order().ToList();
        live.ShouldBe(details.Results.Select(r => (r.Id, (string?)System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(r.Outcome.ToString()))).Order().ToList());
        events[^1].Type.ShouldBe(TestRunEventTypes.Finished);
    }

    [Fact]
    public async Task StartAsync_CustomCommandWritingTap_IsRunAndRecorded()
    {
        var harness = await HarnessAsync(null, realRunner: true);
        var target = harness.PytestProject();

        var started = await harness.Runs.StartAsync(new TestRunStart(target)
        {
            Custom = new Lightning.Testing.Runners.CustomTestCommand { Command = ["printf", "TAP version 13\n1..2\nok 1 - adds\nnot ok 2 - divides\n"], Name = "tap" },
        }, Token);
        await harness.Runs.WaitAsync(started.Id, Token);
        var details = await harness.Store.GetAsync(started.Id, null, Token);

        details!.Run.Status.ShouldBe(TestRunStatus.Failed, details.Run.Error);
        details.Projects.ShouldHaveSingleItem().Framework.ShouldBe("custom");
        details.Results.Select(r => (r.Name, r.Outcome)).ShouldBe([("adds", TestOutcome.Passed), ("divides", TestOutcome.Failed)]);
    }

    [Fact]
    public async Task WatchAsync_AfterASequence_ResumesWithoutGapOrDuplicate()
    {
        var runner = new ReplayTestRunner(_ => HistoryHarness.PassingReport) { Gate = new TaskCompletionSource() };
        var harness = await HarnessAsync(runner);
        var started = await harness.Runs.StartAsync(new TestRunStart(harness.PytestProject()), Token);
        await runner.AtGate.Task.WaitAsync(Token);

        var resumed = WatchAllAsync(harness, started.Id, after: 3);
        runner.Gate.SetResult();
        var events = await resumed;
        var replayed = await WatchAllAsync(harness, started.Id, after: 3);

        events[0].Sequence.ShouldBe(4);
        events.Select(e => e.Sequence).ShouldBe(Enumerable.Range(4, events.Count).Select(i => (long)i));
        events[^1].Type.ShouldBe(TestRunEventTypes.Finished);
        replayed.Select(e => e.Sequence).ShouldBe(events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task CancelAsync_RunningRun_IsRecordedCancelledWithWhatItGotThrough()
    {
        var runner = new ReplayTestRunner(_ => HistoryHarness.PassingReport) { Gate = new TaskCompletionSource() };
        var harness = await HarnessAsync(runner);
        var started = await harness.Runs.StartAsync(new TestRunStart(harness.PytestProject()), Token);
        await runner.AtGate.Task.WaitAsync(Token);

        var cancelled = await harness.Runs.CancelAsync(started.Id, "tester", Token);
        var details = await harness.Store.GetAsync(started.Id, null, Token);
        var events = await WatchAllAsync(harness, started.Id);
        var again = await Should.ThrowAsync<LightningException>(() => harness.Runs.CancelAsync(started.Id, "tester", Token));

        cancelled.Status.ShouldBe(TestRunStatus.Cancelled);
        cancelled.Error.ShouldBe("Cancelled by tester.");
        var unfinished = details!.Results.ShouldHaveSingleItem();
        unfinished.Id.ShouldBe("test_calc::test_add");
        unfinished.Outcome.ShouldBe(TestOutcome.Errored);
        details.Projects.ShouldHaveSingleItem().Error.ShouldNotBeNull().ShouldStartWith("Did not finish");
        events.Select(e => e.Type).ShouldContain(TestRunEventTypes.CancelRequested);
        events[^1].Type.ShouldBe(TestRunEventTypes.Finished);
        again.Code.ShouldBe("testing.run_finished");
    }

    [Fact]
    public async Task StartAsync_OneSlot_SecondRunWaitsQueuedUntilTheFirstEnds()
    {
        var runner = new ReplayTestRunner(_ => HistoryHarness.PassingReport) { Gate = new TaskCompletionSource() };
        var harness = await HarnessAsync(runner, options => options.MaxConcurrentRuns = 1);
        var target = harness.PytestProject();
        var first = await harness.Runs.StartAsync(new TestRunStart(target), Token);
        await runner.AtGate.Task.WaitAsync(Token);

        var second = await harness.Runs.StartAsync(new TestRunStart(target), Token);
        var whileWaiting = await harness.Runs.GetAsync(second.Id, Token);
        var firstWhileRunning = await harness.Runs.GetAsync(first.Id, Token);
        runner.Gate.SetResult();
        await harness.Runs.WaitAsync(first.Id, Token);
        await harness.Runs.WaitAsync(second.Id, Token);

        whileWaiting!.Status.ShouldBe(TestRunStatus.Queued);
        firstWhileRunning!.Status.ShouldBe(TestRunStatus.Running);
        runner.MostRunning.ShouldBe(1);
        (await harness.Runs.GetAsync(first.Id, Token))!.Status.ShouldBe(TestRunStatus.Passed);
        (await harness.Runs.GetAsync(second.Id, Token))!.Status.ShouldBe(TestRunStatus.Passed);
    }

    [Fact]
    public async Task StartAsync_BadInput_FailsBeforeAnythingIsRecorded()
    {
        var harness = await HarnessAsync(new ReplayTestRunner(_ => HistoryHarness.PassingReport));
        var target = harness.PytestProject();

        var unknown = await Should.ThrowAsync<LightningException>(() => harness.Runs.StartAsync(new TestRunStart(target) { Framework = "karma" }, Token));
        var outside = await Should.ThrowAsync<LightningException>(() =>
            harness.Runs.StartAsync(new TestRunStart(new TestTarget(harness.Workspace, "../elsewhere", "elsewhere")), Token));
        var missing = await Should.ThrowAsync<LightningException>(() =>
            harness.Runs.StartAsync(new TestRunStart(new TestTarget(harness.Workspace, "nothing-here", "nothing-here")), Token));
        var invalid = await Should.ThrowAsync<ValidationFailedException>(() =>
            harness.Runs.StartAsync(new TestRunStart(target) { Retries = 11, Timeout = TimeSpan.Zero }, Token));

        unknown.Code.ShouldBe("testing.unknown_framework");
        unknown.Message.ShouldContain("pytest, jest, go-test");
        outside.Code.ShouldBe("workspace.path_rejected");
        missing.Code.ShouldBe("testing.repository_not_found");
        invalid.Errors.Keys.ShouldBe(["retries", "timeout"], ignoreOrder: true);
        (await harness.Store.ListAsync(new TestRunQuery(), Token)).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task StartAsync_NoMatchingProject_EndsErroredSayingWhatWasFound()
    {
        var runner = new ReplayTestRunner(_ => HistoryHarness.PassingReport);
        var harness = await HarnessAsync(runner);

        var started = await harness.Runs.StartAsync(new TestRunStart(harness.PytestProject()) { Framework = "jest" }, Token);
        await harness.Runs.WaitAsync(started.Id, Token);
        var run = await harness.Runs.GetAsync(started.Id, Token);

        run!.Status.ShouldBe(TestRunStatus.Errored);
        run.Error.ShouldBe("No jest project in 'shop' (found: pytest in .).");
        runner.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task StartAsync_RunnerFails_EndsErroredWithItsMessage()
    {
        var harness = await HarnessAsync(new ReplayTestRunner(_ =>
            throw new LightningException(ErrorKind.Unavailable, "testing.toolchain_missing", "pytest cannot run on this machine: install python3-pytest.")));

        var started = await harness.Runs.StartAsync(new TestRunStart(harness.PytestProject()), Token);
        await harness.Runs.WaitAsync(started.Id, Token);
        var run = await harness.Runs.GetAsync(started.Id, Token);

        run!.Status.ShouldBe(TestRunStatus.Errored);
        run.Error.ShouldBe("pytest cannot run on this machine: install python3-pytest.");
    }

    [Fact]
    public async Task ImportAsync_MalformedReport_NamesFileAndLineAndRecordsNothing()
    {
        var harness = await HarnessAsync(null);

        var error = await Should.ThrowAsync<MalformedReportException>(() =>
            harness.ImportAsync("<testsuites>\n<testsuite name=\"a\">\n<testcase time=\"1\"/>\n</testsuite></testsuites>", source: "results.xml"));

        error.Message.ShouldBe("results.xml:3: A <testcase> has no name attribute.");
        (await harness.Store.ListAsync(new TestRunQuery(), Token)).Items.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(TestReportFormat.JUnitXml)]
    [InlineData(TestReportFormat.Trx)]
    [InlineData(TestReportFormat.EventStream)]
    public async Task ExportAsync_EachFormat_ReadsBackWithTheSameCases(TestReportFormat format)
    {
        var harness = await HarnessAsync(null);
        var run = await harness.ImportAsync(Golden);
        using var output = new MemoryStream();

        await harness.Runs.ExportAsync(run.Id, format, output, Token);
        output.Position = 0;
        var read = await new TestReportReader().ReadAsync(output, "export", Token);

        var expected = await ResultsTestKit.ReadGoldenAsync("pytest", "pytest-xunit2.xml");
        read.EnumerateCases().Select(c => c.Name).ShouldBe(expected.EnumerateCases().Select(c => c.Name));
        read.EnumerateCases().Select(c => c.Outcome).ShouldBe(expected.EnumerateCases().Select(c => c.Outcome));
    }

    [Fact]
    public async Task ExportAsync_RunStillRunning_Conflict()
    {
        var runner = new ReplayTestRunner(_ => HistoryHarness.PassingReport) { Gate = new TaskCompletionSource() };
        var harness = await HarnessAsync(runner);
        var started = await harness.Runs.StartAsync(new TestRunStart(harness.PytestProject()), Token);
        await runner.AtGate.Task.WaitAsync(Token);

        var error = await Should.ThrowAsync<LightningException>(() => harness.Runs.ExportAsync(started.Id, TestReportFormat.JUnitXml, Stream.Null, Token));
        runner.Gate.SetResult();

        error.Code.ShouldBe("testing.run_not_finished");
        error.Kind.ShouldBe(ErrorKind.Conflict);
    }

    [Fact]
    public void Conclude_ProjectEndings_TimeoutThenFailuresThenErrors()
    {
        TestRunProjectResult Project(int? exitCode, bool timedOut, string? error, TestOutcome? outcome) => new(".", "pytest", "pytest", null, exitCode, timedOut, error,
            new TestRun { Suites = outcome is { } o ? [new TestSuite { Name = "s", Cases = [new TestCase { Id = "a", Name = "a", Outcome = o }] }] : [] });

        TestRunService.Conclude([Project(0, false, null, TestOutcome.Passed)]).ShouldBe((TestRunStatus.Passed, null));
        TestRunService.Conclude([Project(0, false, null, TestOutcome.Flaky)]).Status.ShouldBe(TestRunStatus.Passed);
        TestRunService.Conclude([Project(1, false, null, TestOutcome.Failed)]).ShouldBe((TestRunStatus.Failed, null));
        TestRunService.Conclude([Project(null, true, "Timed out after 5 s.", TestOutcome.Passed)]).ShouldBe((TestRunStatus.TimedOut, "pytest in .: Timed out after 5 s."));
        TestRunService.Conclude([Project(null, false, "python3-pytest is missing", null)]).ShouldBe((TestRunStatus.Errored, "pytest in .: python3-pytest is missing"));
        TestRunService.Conclude([Project(5, false, null, null)]).ShouldBe((TestRunStatus.Errored, "pytest in .: exited with code 5 and reported no test."));
        TestRunService.Conclude([Project(2, false, null, TestOutcome.Passed)]).Status.ShouldBe(TestRunStatus.Failed);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var harness in _harnesses)
        {
            await harness.DisposeAsync();
        }
    }

    [Fact]
    public async Task Observers_AreToldOfLiveAndImportedRuns_AndOneThatThrowsChangesNothing()
    {
        var recorder = new RecordingObserver();
        var harness = await HistoryHarness.CreateAsync(new ReplayTestRunner(_ => Golden), services: services =>
        {
            services.AddSingleton<ITestRunObserver>(new ThrowingObserver());
            services.AddSingleton<ITestRunObserver>(recorder);
        });
        _harnesses.Add(harness);

        var started = await harness.Runs.StartAsync(new TestRunStart(harness.PytestProject()), Token);
        await harness.Runs.WaitAsync(started.Id, Token);
        var imported = await harness.ImportAsync(HistoryHarness.PassingReport);

        recorder.Seen.Select(r => (r.Run.Id, r.Run.Status, r.Projects.Count)).ShouldBe(
            [(started.Id, TestRunStatus.Failed, 1), (imported.Id, TestRunStatus.Passed, 1)]);
        recorder.Seen[0].Projects[0].Run.Totals.Total.ShouldBeGreaterThan(0);
        (await harness.Runs.GetAsync(started.Id, Token))!.Status.ShouldBe(TestRunStatus.Failed);
    }

    sealed class RecordingObserver : ITestRunObserver
    {
        public List<(TestRunView Run, IReadOnlyList<TestRunProjectResult> Projects)> Seen { get; } = [];

        public Task OnRunRecordedAsync(TestRunView run, IReadOnlyList<TestRunProjectResult> projects, CancellationToken cancellationToken)
        {
            Seen.Add((run, projects));
            return Task.CompletedTask;
        }
    }

    sealed class ThrowingObserver : ITestRunObserver
    {
        public Task OnRunRecordedAsync(TestRunView run, IReadOnlyList<TestRunProjectResult> projects, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the mail server is down");
    }

    async Task<HistoryHarness> HarnessAsync(ReplayTestRunner? runner, Action<TestRunOptions>? configure = null, bool realRunner = false)
    {
        var harness = await HistoryHarness.CreateAsync(runner, configure, realRunner: realRunner);
        _harnesses.Add(harness);
        return harness;
    }

    static async Task<List<TestRunEvent>> WatchAllAsync(HistoryHarness harness, string id, long after = 0)
    {
        var events = new List<TestRunEvent>();
        await foreach (var runEvent in harness.Runs.WatchAsync(id, after, Token))
        {
            events.Add(runEvent);
        }

        return events;
    }
}
