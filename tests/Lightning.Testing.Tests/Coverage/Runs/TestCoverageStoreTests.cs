using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Goals;
using Lightning.Testing.Coverage.Runs;
using Lightning.Testing.Tests.History;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Testing.Tests.Coverage.Runs;

/// <summary><see cref="TestCoverageStore"/> on SQLite and, through its migrations, PostgreSQL: save, replace, read back, trend by project.</summary>
public sealed class TestCoverageStoreTests : IAsyncDisposable
{
    readonly List<HistoryHarness> _harnesses = [];

    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SaveAsync_TwoRuns_ReadBackAndTrendByProject(bool postgres)
    {
        var harness = await HistoryHarness.CreateAsync(postgres: postgres);
        _harnesses.Add(harness);
        var store = harness.Services.GetRequiredService<TestCoverageStore>();
        var first = await harness.ImportAsync(HistoryHarness.PassingReport);
        var second = await harness.ImportAsync(HistoryHarness.PassingReport);
        var goals = CoverageGoals.Evaluate(Report(1), CoverageGoals.Parse("api/**: 90% lines"));

        await store.SaveAsync(Record(first.Id, Report(0), null, harness.Clock.GetUtcNow()), Token);
        // Saved again (an import into the run): replaced, not added.
        await store.SaveAsync(Record(first.Id, Report(1), goals, harness.Clock.GetUtcNow()), Token);
        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        await store.SaveAsync(Record(second.Id, Report(3), null, harness.Clock.GetUtcNow()), Token);

        var read = (await store.ReadAsync(first.Id, Token)).ShouldNotBeNull();
        read.Report.ShouldNotBeNull().Files.Select(f => f.Path).ShouldBe(["api/a.py", "api/deep/b.py", "web/c.js"]);
        read.Root.ShouldBe("/srv/shop");
        read.Summary.Goals.ShouldNotBeNull().Goals.ShouldHaveSingleItem().Goal.ToString().ShouldBe("api/**: 90% lines");
        read.Summary.Unavailable.ShouldBe(["go-test in 'svc': coverage unavailable: go is missing"]);
        (await store.FindAsync(first.Id, Token)).ShouldNotBeNull().Files.ShouldBe(3);
        (await store.FindAsync("trun_none", Token)).ShouldBeNull();

        var all = await store.TrendAsync("shop", null, 10, Token);
        var api = await store.TrendAsync("shop", "api", 10, Token);
        var latest = await store.TrendAsync("shop", null, 1, Token);

        all.Select(point => (point.RunId, point.Totals.LinesCovered, point.Totals.LinesTotal)).ShouldBe([(first.Id, 5, 8), (second.Id, 7, 8)]);
        api.Select(point => (point.RunId, point.Totals.LinesCovered, point.Totals.LinesTotal)).ShouldBe([(first.Id, 4, 6), (second.Id, 6, 6)]);
        latest.ShouldHaveSingleItem().RunId.ShouldBe(second.Id);
        (await store.TrendAsync("other", null, 10, Token)).ShouldBeEmpty();
    }

    /// <summary>api/a.py (4 lines), api/deep/b.py (2), web/c.js (2); <paramref name="extra"/> more api lines covered.</summary>
    static CoverageReport Report(int extra)
    {
        static FileCoverage File(string path, params long[] hits) => FileCoverage.Build(path,
            hits.Select((count, index) => new LineCoverage(index + 1, count)), [], CoverageCombine.Sum);
        return CoverageReport.Build(
        [
            File("api/a.py", 1, 1, extra > 0 ? 1 : 0, extra > 1 ? 1 : 0),
            File("api/deep/b.py", 1, extra > 2 ? 1 : 0),
            File("web/c.js", 1, 0),
        ], CoverageCombine.Sum, []);
    }

    static RunCoverageRecord Record(string runId, CoverageReport report, CoverageEnforcement? goals, DateTimeOffset at) =>
        new(runId, "shop", "abc123", "main", "/srv/shop", at, report, goals, ["go-test in 'svc': coverage unavailable: go is missing"]);

    public async ValueTask DisposeAsync()
    {
        foreach (var harness in _harnesses)
        {
            await harness.DisposeAsync();
        }
    }
}
