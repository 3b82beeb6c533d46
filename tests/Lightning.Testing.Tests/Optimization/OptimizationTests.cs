using Lightning.Testing.Coverage;
using Lightning.Testing.Flaky;
using Lightning.Testing.Optimization;
using Lightning.Testing.Results;

namespace Lightning.Testing.Tests.Optimization;

public sealed class OptimizationTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);

    static TestHistoryWindow Test(string id, params (TestOutcome Outcome, int Ms)[] runs) =>
        new(id, ".", "pytest", null, null, [.. runs.Select((r, i) => new TestObservation($"r{i:00}", Start.AddHours(i), "c", r.Outcome, 1, null) { Duration = TimeSpan.FromMilliseconds(r.Ms) })]);

    [Fact]
    public void SmartOrder_FailedLastThenFailureProneThenFastest()
    {
        var order = SmartOrder.Order(
        [
            Test("skipped", (TestOutcome.Skipped, 0), (TestOutcome.Skipped, 1)),
            Test("slow", (TestOutcome.Passed, 900), (TestOutcome.Passed, 900)),
            Test("fast", (TestOutcome.Passed, 10), (TestOutcome.Skipped, 0), (TestOutcome.Passed, 10)),
            Test("prone", (TestOutcome.Failed, 500), (TestOutcome.Passed, 500)),
            Test("failed-last", (TestOutcome.Passed, 999), (TestOutcome.Failed, 999)),
        ]);

        order.Select(o => o.Id).ShouldBe(["failed-last", "prone", "fast", "slow", "skipped"]);
        order[0].Reason.ShouldBe("failed in its latest run");
        order[1].FailureRate.ShouldBe(0.5);
    }

    [Fact]
    public void PerformanceProfile_RecentMedianAboveBaseline_IsARegressionWithItsRuns()
    {
        var regressed = Test("t::slower", [.. Enumerable.Repeat((TestOutcome.Passed, 100), 6), .. Enumerable.Repeat((TestOutcome.Passed, 400), 5)]);
        var noisy = Test("t::noise", [.. Enumerable.Repeat((TestOutcome.Passed, 2), 6), .. Enumerable.Repeat((TestOutcome.Passed, 6), 5)]);

        var profile = PerformanceProfile.Of([regressed, noisy]);

        var regression = profile.Regressions.ShouldHaveSingleItem();
        regression.Id.ShouldBe("t::slower");
        (regression.BaselineMedian, regression.RecentMedian, regression.Ratio).ShouldBe((TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), 4.0));
        regression.RecentRuns.ShouldBe(["r06", "r07", "r08", "r09", "r10"]);
        profile.Slowest[0].Id.ShouldBe("t::slower");
    }

    [Fact]
    public void ParallelPlan_BalancesShardsByMedianDurationAndGivesTheSpeedup()
    {
        var plan = ParallelPlan.Of([Test("a", (TestOutcome.Passed, 400)), Test("b", (TestOutcome.Passed, 300)), Test("c", (TestOutcome.Passed, 200)), Test("d", (TestOutcome.Passed, 100))], 2);

        plan.Serial.ShouldBe(TimeSpan.FromMilliseconds(1000));
        plan.Makespan.ShouldBe(TimeSpan.FromMilliseconds(500));
        plan.ExpectedSpeedup.ShouldBe(2.0);
        plan.Plan.Shards.Select(s => s.Tests).ShouldBe([["a", "d"], ["b", "c"]]);
    }

    [Fact]
    public void DuplicateTests_SameBodyAndSameAssertions_AreGroupedWhileDifferentTestsAreNot()
    {
        var functions = TestSource.Find("test_x.py", """
            def test_one():
                # adds
                value = add(1, 2)
                assert value == 3

            def test_copy():
                value = add(1, 2)

                assert value == 3   # same thing

            def test_other_setup():
                value = add(2, 1)
                assert value == 3
                assert value > 0

            def test_same_checks():
                value = 3
                assert value > 0
                assert value == 3

            def test_different():
                assert sub(3, 1) == 2
            """, TestSource.Language.Python).ToList();

        var groups = DuplicateTests.FromSources(functions);

        functions.Select(f => f.Name).ShouldBe(["test_one", "test_copy", "test_other_setup", "test_same_checks", "test_different"]);
        groups.Select(g => (g.Kind, string.Join(",", g.Tests))).ShouldBe(
        [
            ("same-body", "test_x.py:1 test_one,test_x.py:6 test_copy"),
            ("same-assertions", "test_x.py:11 test_other_setup,test_x.py:16 test_same_checks"),
        ]);
    }

    [Fact]
    public void DuplicateTests_FromCoverageContexts_GroupsTestsCoveringTheSameLines()
    {
        static LineCoverage Line(int number, params string[] contexts) => new(number, 1) { Contexts = contexts };
        var report = new CoverageReport
        {
            Files = [new FileCoverage { Path = "calc.py", Lines = [Line(1, "t.test_a|run", "t.test_b|run", "t.test_c|run"), Line(2, "t.test_a|run", "t.test_b|run"), Line(3, "t.test_c|run", "")] }],
        };

        var group = DuplicateTests.FromCoverage(report).ShouldHaveSingleItem();

        group.Kind.ShouldBe("same-coverage");
        group.Tests.ShouldBe(["t.test_a", "t.test_b"]);
    }

    [Fact]
    public void TestDependencyAnalyzer_SharedFileEnvAndGlobals_AndOrderDependencies()
    {
        var functions = TestSource.Find("test_state.py", """
            def test_writes_file():
                open("out/state.json", "w").write("{}")

            def test_reads_file():
                assert Path("out/state.json").exists()

            def test_sets_env():
                os.environ["MODE"] = "fast"

            def test_uses_env():
                assert os.getenv("MODE") is None

            def test_pure():
                assert 1 == 1
            """, TestSource.Language.Python).ToList();

        var found = TestDependencyAnalyzer.Analyze(functions, [new OrderDependency("shop", "t::victim", "t::polluter", ".", "reverse order", Start)]);

        found.Select(d => (d.Kind, d.Resource, d.Test, d.Other)).ShouldBe(
        [
            ("fails-after", "t::polluter", "t::victim", "t::polluter"),
            ("shared-state", "file:out/state.json", "test_state.py:1 test_writes_file", "test_state.py:4 test_reads_file"),
            ("shared-state", "env:MODE", "test_state.py:7 test_sets_env", "test_state.py:10 test_uses_env"),
        ]);
    }

    [Fact]
    public void TestSource_FindsGoAndJestTests()
    {
        var go = TestSource.Find("calc_test.go", "package calc\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Error(\"bad\")\n\t}\n}\n", TestSource.Language.Go).ToList();
        var jest = TestSource.Find("calc.test.js", "describe('calc', () => {\n  it('adds', () => {\n    expect(add(1, 2)).toBe(3);\n  });\n  test(\"subs\", () => { expect(1).toBe(1); });\n});\n", TestSource.Language.Script).ToList();

        go.ShouldHaveSingleItem().Name.ShouldBe("TestAdd");
        go[0].Body.ShouldContain("t.Error(\"bad\")");
        jest.Select(j => (j.Name, j.Line)).ShouldBe([("adds", 2), ("subs", 5)]);
        TestSource.Assertions(jest[0].Body).ShouldBe(["expect(add(1, 2)).toBe(3);"]);
    }
}
