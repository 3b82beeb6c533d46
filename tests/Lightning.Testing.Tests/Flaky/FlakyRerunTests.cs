using Lightning.Core.Errors;
using Lightning.Testing.Flaky;
using Lightning.Testing.History;
using Lightning.Testing.Results;
using Lightning.Testing.Tests.History;
using Lightning.Testing.Tests.Runners;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Testing.Tests.Flaky;

/// <summary>Targeted reruns and the order check, on pytest fixtures run for real.</summary>
[Collection(RunnerCollection.Name)]
public sealed class FlakyRerunTests : IAsyncDisposable
{
    readonly List<HistoryHarness> _harnesses = [];

    static CancellationToken Token => TestContext.Current.CancellationToken;

    async Task<(HistoryHarness Harness, TestTarget Target)> PytestAsync(string tests)
    {
        var harness = await HistoryHarness.CreateAsync(realRunner: true);
        _harnesses.Add(harness);
        var target = harness.PytestProject();
        await File.WriteAllTextAsync(Path.Combine(harness.Workspace.Root, "shop", "test_calc.py"), tests, Token);
        return (harness, target);
    }

    static async Task<TestRunView> RunAsync(HistoryHarness harness, TestTarget target)
    {
        var run = await harness.Runs.StartAsync(new TestRunStart(target), Token);
        await harness.Runs.WaitAsync(run.Id, Token);
        return (await harness.Runs.GetAsync(run.Id, Token))!;
    }

    [Fact]
    public async Task DetectAsync_FailureHistoryCannotExplain_IsRerunAloneUntilItPasses()
    {
        // test_sometimes fails on its first run only (a marker outside the repository), test_always always fails.
        var marker = Path.Combine(Path.GetTempPath(), $"lightning-flaky-{Guid.NewGuid():N}");
        var (harness, target) = await PytestAsync($$"""
            import os

            MARKER = {{System.Text.Json.JsonSerializer.Serialize(marker)}}

            def test_steady():
                assert True

            def test_sometimes():
                if not os.path.exists(MARKER):
                    open(MARKER, "w").close()
                    assert False, "first run fails"

            def test_always():
                assert 1 == 2, "always broken"
            """);
        try
        {
            var run = await RunAsync(harness, target);
            var report = await harness.Services.GetRequiredService<FlakyDetector>().DetectAsync(new FlakyDetectRequest(target) { Reruns = 3 }, Token);

            run.Status.ShouldBe(TestRunStatus.Failed, run.Error);
            report.TestsAnalysed.ShouldBe(2);
            report.Failures.ShouldBe(2);
            report.Reruns.ShouldBe(4);
            report.RerunsPerFailure.ShouldBe(2.0);
            var sometimes = report.Verdicts.Single(v => v.Id == "test_calc::test_sometimes");
            sometimes.Status.ShouldBe(FlakyStatus.Flaky);
            sometimes.Reruns.ShouldBe(1);
            var evidence = sometimes.Evidence.ShouldHaveSingleItem();
            (evidence.Signal, evidence.Runs.Single(), evidence.Attempts.Single()).ShouldBe((FlakySignal.PassedOnRerun, run.Id, "passed"));
            var always = report.Verdicts.Single(v => v.Id == "test_calc::test_always");
            (always.Status, always.Reruns).ShouldBe((FlakyStatus.Broken, 3));
            var stored = await harness.Services.GetRequiredService<FlakyTestStore>().ListAsync("shop", null, 10, Token);
            stored.Select(v => (v.Id, v.Status)).ShouldBe([("test_calc::test_sometimes", FlakyStatus.Flaky), ("test_calc::test_always", FlakyStatus.Broken)]);
            (await harness.Store.ListAsync(new TestRunQuery("shop", null, null, 10, null), Token)).Items.Count.ShouldBe(1); // reruns are not runs of history
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public async Task DetectAsync_OrderCheck_BisectsToThePollutingTest()
    {
        var (harness, target) = await PytestAsync("""
            STATE = {"cache": None}

            def test_a_reads_cache():
                assert STATE["cache"] is None, "cache left over by another test"

            def test_b_plain():
                assert 2 * 2 == 4

            def test_c_plain():
                assert "x".upper() == "X"

            def test_d_plain():
                assert [1, 2][::-1] == [2, 1]

            def test_e_fills_cache():
                STATE["cache"] = {"user": 1}

            def test_f_plain():
                assert len("abc") == 3
            """);

        var run = await RunAsync(harness, target);
        var report = await harness.Services.GetRequiredService<FlakyDetector>().DetectAsync(
            new FlakyDetectRequest(target) { OrderCheck = true, Shuffles = 0, Reruns = 0 }, Token);

        run.Status.ShouldBe(TestRunStatus.Passed, run.Error);
        var dependency = report.OrderDependencies.ShouldHaveSingleItem();
        (dependency.Id, dependency.After).ShouldBe(("test_calc::test_a_reads_cache", "test_calc::test_e_fills_cache"));
        dependency.Evidence.ShouldContain("failed in the reverse order");
        dependency.Evidence.ShouldContain("cache left over by another test");
        var verdict = report.Verdicts.ShouldHaveSingleItem();
        (verdict.Id, verdict.Status, verdict.Kind).ShouldBe(("test_calc::test_a_reads_cache", FlakyStatus.Flaky, FlakyKind.OrderDependent));
        report.OrderRuns.ShouldBeInRange(7, 11); // recorded, reverse, the failing order again, alone, bisect steps, three confirmations
        report.Notes[0].ShouldBe("Order check: 2 orders (recorded, reverse) of 6 tests.");
        var stored = await harness.Services.GetRequiredService<FlakyTestStore>().DependenciesAsync("shop", Token);
        stored.ShouldHaveSingleItem().After.ShouldBe("test_calc::test_e_fills_cache");
    }

    [Fact]
    public async Task DetectAsync_BadInput_NamesTheFields()
    {
        var (harness, target) = await PytestAsync("def test_ok():\n    assert True\n");

        var error = await Should.ThrowAsync<ValidationFailedException>(() => harness.Services.GetRequiredService<FlakyDetector>()
            .DetectAsync(new FlakyDetectRequest(target) { Reruns = 21, Shuffles = -1 }, Token));

        error.Errors.Keys.Order().ShouldBe(["reruns", "shuffles"]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var harness in _harnesses)
        {
            await harness.DisposeAsync();
        }
    }
}
