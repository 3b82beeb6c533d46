using Lightning.Core.Errors;
using Lightning.Testing.Flaky;
using Lightning.Testing.History;
using Lightning.Testing.Results;
using Lightning.Testing.Tests.History;
using Lightning.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Testing.Tests.Flaky;

/// <summary>Verdicts from history: reports imported through <see cref="TestRunService.ImportAsync"/>, the observer updating them, and quarantine.</summary>
public sealed class FlakyHistoryTests : IAsyncDisposable
{
    readonly List<IAsyncDisposable> _disposables = [];

    static CancellationToken Token => TestContext.Current.CancellationToken;

    async Task<HistoryHarness> HarnessAsync()
    {
        var harness = await HistoryHarness.CreateAsync();
        _disposables.Add(harness);
        return harness;
    }

    static Task<TestRunView> ImportAsync(HistoryHarness harness, string repository, string? commit, params (string Name, TestOutcome Outcome, string? Message)[] cases)
    {
        harness.Clock.Advance(TimeSpan.FromHours(1));
        return harness.ImportAsync(FlakyReports.JUnit("tests.test_calc", "tests/test_calc.py", cases), repository, commit: commit);
    }

    [Fact]
    public async Task Observer_FlipsAcrossChangesThatDoNotTouchTheTest_FlakyWhileABreakingChangeIsBroken()
    {
        var harness = await HarnessAsync();
        using var repo = GitTestRepository.Create();
        repo.Write("calc.py", "def add(a, b):\n    return a + b\n").Write("tests/test_calc.py", "from calc import add\n\ndef test_add():\n    assert add(1, 2) == 3\n")
            .Write("README.md", "one\n");
        var c1 = repo.Commit("initial");
        var c2 = repo.CommitFile("README.md", "two\n", "docs");
        var c3 = repo.CommitFile("README.md", "three\n", "docs again");
        var c4 = repo.CommitFile("calc.py", "def add(a, b):\n    return a - b\n", "break calc");
        var c5 = repo.CommitFile("README.md", "five\n", "docs once more");
        (string, TestOutcome, string?) Add(TestOutcome outcome) => ("test_add", outcome, null);
        (string, TestOutcome, string?) Sub(TestOutcome outcome) => ("test_sub", outcome, "assert 1 == 2");

        await ImportAsync(harness, repo.Path, c1, Add(TestOutcome.Passed), Sub(TestOutcome.Passed));
        await ImportAsync(harness, repo.Path, c2, Add(TestOutcome.Failed), Sub(TestOutcome.Passed));
        await ImportAsync(harness, repo.Path, c3, Add(TestOutcome.Passed), Sub(TestOutcome.Passed));
        await ImportAsync(harness, repo.Path, c4, Add(TestOutcome.Passed), Sub(TestOutcome.Failed));
        await ImportAsync(harness, repo.Path, c5, Add(TestOutcome.Passed), Sub(TestOutcome.Failed));
        var verdicts = await harness.Services.GetRequiredService<FlakyTestStore>().ListAsync(repo.Path, null, 100, Token);

        var add = verdicts.Single(v => v.Id == "tests.test_calc::test_add");
        add.Status.ShouldBe(FlakyStatus.Flaky);
        add.Evidence.Select(e => e.Signal).ShouldBe([FlakySignal.FlipWithoutChange, FlakySignal.FlipWithoutChange]);
        add.Evidence[0].Commits.ShouldBe([c1, c2]);
        add.Evidence[0].Detail.ShouldContain("touch none of its files");
        add.Failures.ShouldBe(1);
        var sub = verdicts.Single(v => v.Id == "tests.test_calc::test_sub");
        sub.Status.ShouldBe(FlakyStatus.Broken);
        sub.Evidence.ShouldBeEmpty();
    }

    [Fact]
    public async Task Observer_SameCommitFlipAndRetryPass_AreFlakyWithEvidence()
    {
        var harness = await HarnessAsync();

        await ImportAsync(harness, "shop", "aaaa1111", ("test_add", TestOutcome.Passed, null), ("test_mul", TestOutcome.Passed, null));
        var failed = await ImportAsync(harness, "shop", "aaaa1111", ("test_add", TestOutcome.Failed, "assert 3 == 4"), ("test_mul", TestOutcome.Flaky, null));
        var verdicts = await harness.Services.GetRequiredService<FlakyTestStore>().ListAsync("shop", FlakyStatus.Flaky, 100, Token);

        verdicts.Select(v => v.Id).Order().ShouldBe(["tests.test_calc::test_add", "tests.test_calc::test_mul"]);
        var add = verdicts.Single(v => v.Id.EndsWith("test_add", StringComparison.Ordinal));
        add.Evidence.ShouldHaveSingleItem().Signal.ShouldBe(FlakySignal.FlipOnSameCommit);
        add.Evidence[0].Runs.ShouldContain(failed.Id);
        var mul = verdicts.Single(v => v.Id.EndsWith("test_mul", StringComparison.Ordinal));
        mul.Evidence.ShouldHaveSingleItem().Attempts.ShouldBe(["failed", "passed"]);
        failed.Totals.Flaky.ShouldBe(1); // flaky stays flaky in the run: never hidden
    }

    [Fact]
    public async Task Quarantine_FailureDoesNotFailTheRunButIsShownAndCounted()
    {
        var harness = await HarnessAsync();
        var quarantine = harness.Services.GetRequiredService<TestQuarantine>();
        var entry = await quarantine.QuarantineAsync("shop", "tests.test_calc::test_add", "flaky on CI, see #12", "alice", harness.Clock.GetUtcNow().AddDays(7), Token);

        var run = await ImportAsync(harness, "shop", null, ("test_add", TestOutcome.Failed, "assert 3 == 4"), ("test_sub", TestOutcome.Passed, null));
        var details = await harness.Store.GetAsync(run.Id, null, Token);
        var other = await ImportAsync(harness, "shop", null, ("test_add", TestOutcome.Failed, null), ("test_sub", TestOutcome.Failed, null));

        entry.Active.ShouldBeTrue();
        run.Status.ShouldBe(TestRunStatus.Passed);
        run.QuarantinedFailures.ShouldBe(1);
        run.Totals.Failed.ShouldBe(1);
        var add = details!.Results.Single(r => r.Name == "test_add");
        (add.Outcome, add.Quarantined, add.FailureMessage).ShouldBe((TestOutcome.Failed, true, "assert 3 == 4"));
        details.Results.Single(r => r.Name == "test_sub").Quarantined.ShouldBeFalse();
        other.Status.ShouldBe(TestRunStatus.Failed);
        other.QuarantinedFailures.ShouldBe(1);
    }

    [Fact]
    public async Task Quarantine_ReleasedOrExpired_FailsTheRunAgain()
    {
        var harness = await HarnessAsync();
        var quarantine = harness.Services.GetRequiredService<TestQuarantine>();
        await quarantine.QuarantineAsync("shop", "tests.test_calc::test_add", "flaky", "alice", harness.Clock.GetUtcNow().AddHours(2), Token);
        await quarantine.QuarantineAsync("shop", "tests.test_calc::test_sub", "slow", "bob", null, Token);

        harness.Clock.Advance(TimeSpan.FromHours(2));
        var expired = await ImportAsync(harness, "shop", null, ("test_add", TestOutcome.Failed, null));
        await quarantine.ReleaseAsync("shop", "tests.test_calc::test_sub", "bob", Token);
        var released = await ImportAsync(harness, "shop", null, ("test_sub", TestOutcome.Failed, null));
        var list = await quarantine.ListAsync("shop", Token);

        expired.Status.ShouldBe(TestRunStatus.Failed);
        expired.QuarantinedFailures.ShouldBe(0);
        released.Status.ShouldBe(TestRunStatus.Failed);
        list.ShouldHaveSingleItem().Active.ShouldBeFalse();
        (await Should.ThrowAsync<LightningException>(() => quarantine.ReleaseAsync("shop", "tests.test_calc::test_sub", "bob", Token))).Code.ShouldBe("testing.quarantine_not_found");
    }

    [Fact]
    public async Task Quarantine_BadInput_NamesTheFields()
    {
        var harness = await HarnessAsync();
        var quarantine = harness.Services.GetRequiredService<TestQuarantine>();

        var error = await Should.ThrowAsync<ValidationFailedException>(() =>
            quarantine.QuarantineAsync("", "", " ", "alice", harness.Clock.GetUtcNow().AddDays(-1), Token));

        error.Errors.Keys.Order().ShouldBe(["expiresAt", "id", "reason", "repository"]);
    }

    [Fact]
    public async Task SuiteOptimizer_ReportCombinesFlakyQuarantineOrderShardsAndProfile()
    {
        var harness = await HarnessAsync();
        await harness.Services.GetRequiredService<TestQuarantine>().QuarantineAsync("shop", "tests.test_calc::test_add", "flaky", "alice", null, Token);
        await ImportAsync(harness, "shop", "bbbb2222", ("test_add", TestOutcome.Passed, null), ("test_sub", TestOutcome.Passed, null));
        await ImportAsync(harness, "shop", "bbbb2222", ("test_add", TestOutcome.Failed, null), ("test_sub", TestOutcome.Passed, null));
        var optimizer = harness.Services.GetRequiredService<Lightning.Testing.Optimization.SuiteOptimizer>();

        var report = await optimizer.ReportAsync("shop", null, 2, null, Token);
        var text = report.ToText();

        report.RunsLookedAt.ShouldBe(2);
        report.Tests.ShouldBe(2);
        var flaky = report.Flaky.ShouldHaveSingleItem();
        (flaky.Id, flaky.Quarantined).ShouldBe(("tests.test_calc::test_add", true));
        report.Retries.Retries.ShouldBe(2);
        report.Retries.Reason.ShouldContain("known flaky");
        report.Order[0].Id.ShouldBe("tests.test_calc::test_add");
        report.Parallel.Shards.ShouldBe(2);
        report.Parallel.ExpectedSpeedup.ShouldBe(2.0);
        text.ShouldContain("tests.test_calc::test_add  random, score 0.90, 1 of 2 runs, quarantined");
        text.ShouldContain("expected speedup 2.00x");
        (await Should.ThrowAsync<ValidationFailedException>(() => optimizer.ReportAsync("shop", null, 0, null, Token))).Errors.Keys.ShouldBe(["shards"]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            await disposable.DisposeAsync();
        }
    }
}
