using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Runners.Live;

namespace Lightning.Testing.Tests.Runners.Live;

public sealed class LiveRunTests
{
    static LiveCase Case(string id, string suite = "suite") => new(suite, id, id.Split("::")[^1], null, null, null, "select " + id);

    static TestCase Reported(string id, TestOutcome outcome) => new() { Id = id, Name = id.Split("::")[^1], Outcome = outcome };

    [Fact]
    public async Task StartAndFinish_PublishKeyedEventsWithTheirTime()
    {
        var harness = new TranslatorHarness();

        await harness.Live.StartRunAsync("api", "pytest");
        await harness.Live.StartCaseAsync("k", Case("a::one"));
        await harness.Live.OutputAsync("k", TestOutputStream.Stdout, "hello\n");
        await harness.Live.OutputAsync(null, TestOutputStream.Stderr, "run output\n");
        await harness.Live.FinishCaseAsync("k", TestOutcome.Failed, TimeSpan.FromSeconds(1), [new TestFailure(TestFailureKind.Failure, "no", null, null)], null);

        harness.Events.Select(testEvent => testEvent.GetType().Name).ShouldBe(
            ["RunStartedEvent", "SuiteStartedEvent", "CaseStartedEvent", "OutputEvent", "OutputEvent", "CaseFailedEvent"]);
        harness.Events.ShouldAllBe(testEvent => testEvent.At != null);
        harness.Events.OfType<CaseStartedEvent>().Single().ShouldSatisfyAllConditions(
            started => started.CaseKey.ShouldBe("c1"), started => started.SuiteKey.ShouldBe("s1"), started => started.Id.ShouldBe("a::one"));
        harness.Live.SelectorOf("a::one").ShouldBe("select a::one");
        var assembled = harness.Live.Assembled;
        assembled.EnumerateCases().Single().Stdout.ShouldBe("hello\n");
        assembled.Stderr.ShouldBeNull("the run's own output is kept, bounded, by the runner");
    }

    [Fact]
    public async Task RetryPass_FinishOfARetriedCase_IsAnAttemptOfTheFirstCase()
    {
        var harness = new TranslatorHarness();
        await harness.Live.StartCaseAsync("first", Case("a::flaky"));
        await harness.Live.FinishCaseAsync("first", TestOutcome.Failed, null, [], null);

        harness.Live.BeginPass(2, new HashSet<string>(["a::flaky"]));
        await harness.Live.StartCaseAsync("again", Case("a::flaky"));
        await harness.Live.StartCaseAsync("other", Case("a::caught-by-the-selector"));
        await harness.Live.OutputAsync("again", TestOutputStream.Stdout, "the attempt's own output\n");
        await harness.Live.FinishCaseAsync("again", TestOutcome.Passed, TimeSpan.FromSeconds(2), [], null);
        await harness.Live.FinishCaseAsync("other", TestOutcome.Passed, null, [], null);

        var attempt = harness.Events.OfType<AttemptEvent>().ShouldHaveSingleItem();
        attempt.CaseKey.ShouldBe("c1");
        attempt.Attempt.ShouldBe(new TestAttempt { Number = 2, Outcome = TestOutcome.Passed, Duration = TimeSpan.FromSeconds(2) });
        harness.Events.OfType<CaseStartedEvent>().ShouldHaveSingleItem();
        harness.Events.OfType<OutputEvent>().ShouldBeEmpty();
    }

    [Fact]
    public async Task FinishRunAsync_SquaresTheStreamWithTheReport()
    {
        var harness = new TranslatorHarness();
        await harness.Live.StartRunAsync(".", "go-test");
        await harness.Live.StartCaseAsync("1", Case("pkg::TestSame", "pkg"));
        await harness.Live.FinishCaseAsync("1", TestOutcome.Passed, null, [], null);
        await harness.Live.StartCaseAsync("2", Case("pkg::TestPanics", "pkg"));
        await harness.Live.FinishCaseAsync("2", TestOutcome.Failed, null, [], null);
        var live = harness.Events.Count;
        var report = new TestRun
        {
            Suites =
            [
                new TestSuite
                {
                    Name = "pkg",
                    Cases = [Reported("pkg::TestSame", TestOutcome.Passed), Reported("pkg::TestPanics", TestOutcome.Errored), Reported("pkg::TestMissed", TestOutcome.Skipped)],
                },
                new TestSuite { Name = "broken", Errors = [new TestFailure(TestFailureKind.Error, "build failed", null, null)] },
            ],
        };

        await harness.Live.FinishRunAsync(report);

        var squared = harness.Events.Skip(live).ToList();
        squared.ShouldAllBe(testEvent => testEvent is SuiteFinishedEvent || testEvent is RunFinishedEvent || testEvent.At == null);
        squared.OfType<CaseFailedEvent>().ShouldHaveSingleItem().Outcome.ShouldBe(TestOutcome.Errored);
        squared.OfType<CaseStartedEvent>().ShouldHaveSingleItem().Id.ShouldBe("pkg::TestMissed");
        squared.OfType<SuiteStartedEvent>().ShouldHaveSingleItem().Name.ShouldBe("broken");
        squared.OfType<SuiteFinishedEvent>().Single(finished => finished.Errors.Count > 0).Errors.ShouldHaveSingleItem().Message.ShouldBe("build failed");
        squared[^1].ShouldBeOfType<RunFinishedEvent>().Totals.ShouldBe(report.Totals);
        RunnerKit.Outcomes(harness.Live.Assembled).ShouldBe(RunnerKit.Outcomes(report), ignoreOrder: true);
    }

    [Fact]
    public void LineSplitter_PiecesAndLineEndings_GiveWholeLines()
    {
        var splitter = new LineSplitter();

        splitter.Push("one\r\ntw").ShouldBe(["one"]);
        splitter.Push("o\n\nthr").ShouldBe(["two", ""]);
        splitter.Flush().ShouldBe("thr");
        splitter.Flush().ShouldBeNull();
    }

    [Fact]
    public void BoundedText_BeyondItsBound_KeepsTheEndAndSaysHowMuchWentMissing()
    {
        var text = new BoundedText(5);
        text.ToStringOrNull().ShouldBeNull();

        text.Append("abc");
        text.Append("defgh");

        text.ToString().ShouldBe("[... 3 earlier characters of output were dropped ...]\ndefgh");
    }
}
