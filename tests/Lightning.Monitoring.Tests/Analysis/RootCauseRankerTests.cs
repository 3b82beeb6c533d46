using Lightning.Monitoring.Analysis.Correlations;
using Lightning.Monitoring.Analysis.RootCause;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Tests.Analysis;

public sealed class RootCauseRankerTests
{
    static readonly DateTimeOffset Onset = Timestamps.FromNanoseconds(SyntheticSeries.Start).AddHours(2);
    static readonly Dictionary<string, string> NoLabels = [];

    [Fact]
    public void Rank_puts_a_recent_deployment_before_older_and_weaker_events_and_drops_those_outside_the_window()
    {
        PlatformEvent[] events =
        [
            new(Onset.AddMinutes(-20), PlatformEventKinds.Collaboration, "collaboration 17 started", NoLabels),
            new(Onset.AddMinutes(-4), PlatformEventKinds.Deployment, "api v2.3.1 deployed", new Dictionary<string, string> { ["host"] = "web-1" }),
            new(Onset.AddMinutes(-25), PlatformEventKinds.ConfigChange, "pool size 20 → 5", NoLabels),
            new(Onset.AddHours(-3), PlatformEventKinds.Deployment, "last week's deploy", NoLabels),
            new(Onset.AddMinutes(10), PlatformEventKinds.Deployment, "a later deploy", NoLabels),
        ];

        var hints = RootCauseRanker.Rank(Onset, events, [], RootCauseSettings.Default, new Dictionary<string, string> { ["host"] = "web-1" });

        hints.Select(h => h.Title).ShouldBe(["api v2.3.1 deployed", "pool size 20 → 5", "collaboration 17 started"]);
        hints[0].Explanation.ShouldContain("4 minutes before the alert");
        hints[0].Explanation.ShouldContain("same host (web-1)");
        hints.ShouldAllBe(h => h.Source == HintSource.Event);
    }

    [Fact]
    public void Rank_prefers_the_series_that_changed_first()
    {
        var times = SyntheticSeries.Times(240, TimeSpan.FromMinutes(1));
        var onsetIndex = 120;
        var early = SyntheticSeries.Noise(240, 1, seed: 51).Plus(i => i >= onsetIndex - 8 ? 20 : 10);
        var late = SyntheticSeries.Noise(240, 1, seed: 52).Plus(i => i >= onsetIndex + 1 ? 20 : 10);
        var quiet = SyntheticSeries.Noise(240, 1, seed: 53).Plus(_ => 10);

        var hints = RootCauseRanker.Rank(Onset, [], [new("db.connections", times, early), new("api.errors", times, late), new("cpu.idle", times, quiet)], RootCauseSettings.Default);

        hints.Select(h => h.Title).ShouldBe(["db.connections", "api.errors"]);
        hints[0].At!.Value.ShouldBe(Onset.AddMinutes(-8), TimeSpan.FromMinutes(2));
        hints[0].Explanation.ShouldContain("rose from");
        hints[0].Explanation.ShouldContain("before the alert");
        hints[1].Explanation.ShouldContain("after the alert began");
    }

    [Fact]
    public void Rank_weighs_series_by_their_correlation_with_the_alert()
    {
        var times = SyntheticSeries.Times(240, TimeSpan.FromMinutes(1));
        var a = SyntheticSeries.Noise(240, 1, seed: 54).Plus(i => i >= 115 ? 20 : 10);
        var b = SyntheticSeries.Noise(240, 1, seed: 55).Plus(i => i >= 115 ? 20 : 10);
        CorrelationMatch[] correlations =
        [
            new("a", 0, TimeSpan.Zero, 0.1, 0.1, 200, ""),
            new("b", 0, TimeSpan.Zero, 0.95, 0.9, 200, ""),
        ];

        var hints = RootCauseRanker.Rank(Onset, [], [new("a", times, a), new("b", times, b)], RootCauseSettings.Default, correlations: correlations);

        hints[0].Title.ShouldBe("b");
        hints[0].Explanation.ShouldContain("r = 0.95");
    }
}
