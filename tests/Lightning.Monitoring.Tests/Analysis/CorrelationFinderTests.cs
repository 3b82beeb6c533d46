using Lightning.Monitoring.Analysis.Correlations;

namespace Lightning.Monitoring.Tests.Analysis;

public sealed class CorrelationFinderTests
{
    static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void Find_ranks_the_series_that_leads_the_target_first_with_its_lag()
    {
        // The driver is a random walk; the target follows it 3 minutes later, a mirror moves against it at once.
        const int n = 300;
        var times = SyntheticSeries.Times(n, Minute);
        var steps = SyntheticSeries.Noise(n, 1, seed: 41);
        var driver = new double[n];
        for (var i = 1; i < n; i++) driver[i] = driver[i - 1] + steps[i];
        var target = SyntheticSeries.Noise(n, 0.3, seed: 42).Plus(i => i >= 3 ? 2 * driver[i - 3] : 0);
        var mirror = SyntheticSeries.Noise(n, 2, seed: 43).Plus(i => -driver[i]);
        var unrelated = SyntheticSeries.Noise(n, 1, seed: 44);

        var matches = CorrelationFinder.Find(
            new CorrelationCandidate("target", times, target),
            [new("unrelated", times, unrelated), new("mirror", times, mirror), new("driver", times, driver)],
            CorrelationSettings.Default);

        matches[0].Name.ShouldBe("driver");
        matches[0].LagBuckets.ShouldBe(3);
        matches[0].Lag.ShouldBe(TimeSpan.FromMinutes(3));
        matches[0].Pearson.ShouldBeGreaterThan(0.95);
        matches[0].Explanation.ShouldContain("3 minutes before the target");
        var mirrorMatch = matches.Single(m => m.Name == "mirror");
        mirrorMatch.Pearson.ShouldBeLessThan(-0.5);
        matches.ShouldNotContain(m => m.Name == "unrelated");
    }

    [Fact]
    public void Find_spearman_sees_a_monotonic_relation()
    {
        const int n = 200;
        var times = SyntheticSeries.Times(n, Minute);
        var x = SyntheticSeries.Noise(n, 1, seed: 45).Plus(i => i / 20.0);
        var y = x.Select(v => Math.Exp(v)).ToArray();

        var match = CorrelationFinder.Find(new("y", times, y), [new("x", times, x)], CorrelationSettings.Default with { RankBy = CorrelationMethod.Spearman }).ShouldHaveSingleItem();

        match.Spearman.ShouldBe(1, tolerance: 1e-9);
        match.LagBuckets.ShouldBe(0);
    }

    [Fact]
    public void Find_needs_the_minimum_overlap()
    {
        var times = SyntheticSeries.Times(10, Minute);
        var values = SyntheticSeries.Noise(10, 1, seed: 46);

        CorrelationFinder.Find(new("a", times, values), [new("b", times, values)], CorrelationSettings.Default).ShouldBeEmpty();
        CorrelationFinder.Find(new("a", times, values), [new("b", times, values)], CorrelationSettings.Default with { MinOverlap = 5 })
            .ShouldHaveSingleItem().Pearson.ShouldBe(1, tolerance: 1e-9);
    }
}
