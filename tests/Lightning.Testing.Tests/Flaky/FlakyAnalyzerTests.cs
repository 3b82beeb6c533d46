using Lightning.Testing.Flaky;
using Lightning.Testing.Results;

namespace Lightning.Testing.Tests.Flaky;

public sealed class FlakyAnalyzerTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);

    static CancellationToken Token => TestContext.Current.CancellationToken;

    static TestObservation Seen(int run, string commit, TestOutcome outcome, int attempts = 1, string? message = null, int hour = 10) =>
        new($"r{run:00}", Start.AddDays(run).AddHours(hour - 10), commit, outcome, attempts, message);

    static ChangeExplains Touching(params string[] pairs) => (from, to, _) =>
        ValueTask.FromResult<bool?>(pairs.Contains($"{from}>{to}"));

    [Fact]
    public async Task AnalyzeAsync_PassedOnRetry_IsFlakyWithTheAttempts()
    {
        var verdict = await FlakyAnalyzer.AnalyzeAsync("shop", "t::a", [Seen(1, "c1", TestOutcome.Passed), Seen(2, "c2", TestOutcome.Flaky, attempts: 2)], null, 0.75, Token);

        verdict.Status.ShouldBe(FlakyStatus.Flaky);
        verdict.Score.ShouldBe(0.9);
        var evidence = verdict.Evidence.ShouldHaveSingleItem();
        evidence.Signal.ShouldBe(FlakySignal.PassedOnRetry);
        evidence.Runs.ShouldBe(["r02"]);
        evidence.Attempts.ShouldBe(["failed", "passed"]);
    }

    [Fact]
    public async Task AnalyzeAsync_FlipOnTheSameCommit_IsFlakyNamingBothRuns()
    {
        var verdict = await FlakyAnalyzer.AnalyzeAsync("shop", "t::a",
            [Seen(1, "c1", TestOutcome.Passed), Seen(2, "c1", TestOutcome.Failed, message: "boom"), Seen(3, "c2", TestOutcome.Passed)], null, 0.75, Token);

        verdict.Status.ShouldBe(FlakyStatus.Flaky);
        verdict.Kind.ShouldBe(FlakyKind.Random);
        verdict.Evidence.ShouldHaveSingleItem().Runs.ShouldBe(["r01", "r02"]);
        verdict.Failures.ShouldBe(1);
        verdict.Runs.ShouldBe(3);
    }

    [Fact]
    public async Task AnalyzeAsync_FlipsAcrossChangesThatDoNotTouchTheTest_AddUpToFlaky()
    {
        var verdict = await FlakyAnalyzer.AnalyzeAsync("shop", "t::a",
            [Seen(1, "c1", TestOutcome.Passed), Seen(2, "c2", TestOutcome.Failed), Seen(3, "c3", TestOutcome.Passed)], Touching(), 0.75, Token);

        verdict.Status.ShouldBe(FlakyStatus.Flaky);
        verdict.Evidence.Select(e => e.Signal).ShouldBe([FlakySignal.FlipWithoutChange, FlakySignal.FlipWithoutChange]);
        verdict.Score.ShouldBe(0.84);
    }

    [Fact]
    public async Task AnalyzeAsync_FailureSinceAChangeToItsFiles_IsBrokenNotFlaky()
    {
        var verdict = await FlakyAnalyzer.AnalyzeAsync("shop", "t::a",
            [Seen(1, "c1", TestOutcome.Passed), Seen(2, "c2", TestOutcome.Failed), Seen(3, "c3", TestOutcome.Failed)], Touching("c1>c2"), 0.75, Token);

        verdict.Status.ShouldBe(FlakyStatus.Broken);
        verdict.Score.ShouldBe(0);
    }

    [Fact]
    public async Task AnalyzeAsync_FailureFixedByALaterChange_IsStable()
    {
        var verdict = await FlakyAnalyzer.AnalyzeAsync("shop", "t::a",
            [Seen(1, "c1", TestOutcome.Passed), Seen(2, "c2", TestOutcome.Failed), Seen(3, "c3", TestOutcome.Passed)], Touching("c1>c2", "c2>c3"), 0.75, Token);

        verdict.Status.ShouldBe(FlakyStatus.Stable);
    }

    [Fact]
    public async Task AnalyzeAsync_LatestFailureWithoutKnownChanges_IsInconclusive()
    {
        var verdict = await FlakyAnalyzer.AnalyzeAsync("shop", "t::a", [Seen(1, "c1", TestOutcome.Passed), Seen(2, "c2", TestOutcome.Failed)], null, 0.75, Token);

        verdict.Status.ShouldBe(FlakyStatus.Inconclusive);
        verdict.Summary.ShouldContain("rerun");
    }

    [Fact]
    public async Task AnalyzeAsync_FailuresSayingTimeout_AreTimeDependent()
    {
        var verdict = await FlakyAnalyzer.AnalyzeAsync("shop", "t::a",
            [Seen(1, "c1", TestOutcome.Passed), Seen(2, "c1", TestOutcome.Failed, message: "TimeoutError: timed out after 5s"), Seen(3, "c1", TestOutcome.Passed)], null, 0.75, Token);

        verdict.Kind.ShouldBe(FlakyKind.TimeDependent);
    }

    [Fact]
    public void KindOf_FailuresClusteredAroundMidnight_AreTimeDependent()
    {
        List<TestObservation> seen =
        [
            .. Enumerable.Range(1, 12).Select(i => Seen(i, "c1", TestOutcome.Passed, hour: 8 + (i % 10))),
            Seen(20, "c1", TestOutcome.Failed, hour: 23), Seen(21, "c1", TestOutcome.Failed, hour: 0), Seen(22, "c1", TestOutcome.Failed, hour: 23),
        ];

        FlakyAnalyzer.KindOf(seen, []).ShouldBe(FlakyKind.TimeDependent);
        FlakyAnalyzer.KindOf([.. seen.Take(12), Seen(20, "c1", TestOutcome.Failed, hour: 9), Seen(21, "c1", TestOutcome.Failed, hour: 15), Seen(22, "c1", TestOutcome.Failed, hour: 23)], [])
            .ShouldBe(FlakyKind.Random);
    }

    [Fact]
    public async Task SettleAsync_RerunsOnlyInconclusiveFailuresAndStopsAtTheFirstPass()
    {
        var observations = new[] { Seen(1, "c1", TestOutcome.Passed), Seen(2, "c2", TestOutcome.Failed) };
        var test = new TestHistoryWindow("t::a", ".", "pytest", null, null, observations);
        var inconclusive = await FlakyAnalyzer.AnalyzeAsync("shop", "t::a", observations, null, 0.75, Token);
        var outcomes = new Queue<TestOutcome>([TestOutcome.Failed, TestOutcome.Passed, TestOutcome.Passed]);
        var calls = 0;

        var settled = await FlakyDetector.SettleAsync(inconclusive, test, 3, (_, _) => { calls++; return Task.FromResult<TestOutcome?>(outcomes.Dequeue()); }, 0.75, Token);
        var broken = await FlakyDetector.SettleAsync(inconclusive, test, 3, (_, _) => Task.FromResult<TestOutcome?>(TestOutcome.Failed), 0.75, Token);
        var flakyAlready = await FlakyDetector.SettleAsync(inconclusive with { Status = FlakyStatus.Flaky }, test, 3, (_, _) => throw new InvalidOperationException("no rerun"), 0.75, Token);

        calls.ShouldBe(2);
        settled.Status.ShouldBe(FlakyStatus.Flaky);
        settled.Reruns.ShouldBe(2);
        settled.Evidence[^1].Attempts.ShouldBe(["failed", "passed"]);
        broken.Status.ShouldBe(FlakyStatus.Broken);
        broken.Reruns.ShouldBe(3);
        flakyAlready.Reruns.ShouldBe(0);
    }
}
