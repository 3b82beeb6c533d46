using Lightning.Monitoring.Alerts.Evaluation;
using Lightning.Monitoring.Alerts.Rules;

namespace Lightning.Monitoring.Tests.Alerts;

public sealed class AlertTrackerTests
{
    static readonly DateTimeOffset T0 = AlertHarness.Start;

    static RuleEvaluation Hosts(params (string Host, double Value)[] series) => new(RuleHealth.Ok,
        series.Select(s => new SeriesVerdict(new Dictionary<string, string> { ["host"] = s.Host }, s.Value, s.Value > 90)).ToList());

    static AlertRule Rule(TimeSpan forDuration) => AlertHarness.CpuRule(forDuration) with { Id = "arule_1" };

    [Fact]
    public void Apply_BreachHeldForTheForDuration_GoesPendingThenFiring()
    {
        var tracker = new AlertTracker(Rule(TimeSpan.FromMinutes(2)));

        var first = tracker.Apply(Hosts(("a", 95)), T0);
        var stillPending = tracker.Apply(Hosts(("a", 96)), T0.AddMinutes(1));
        var fired = tracker.Apply(Hosts(("a", 97)), T0.AddMinutes(2));

        first.ShouldHaveSingleItem().To.ShouldBe(AlertState.Pending);
        stillPending.ShouldBeEmpty();
        var transition = fired.ShouldHaveSingleItem();
        (transition.From, transition.To).ShouldBe((AlertState.Pending, AlertState.Firing));
        transition.Alert.ActiveAt.ShouldBe(T0);
        transition.Alert.FiredAt.ShouldBe(T0.AddMinutes(2));
        transition.Alert.Value.ShouldBe(97);
    }

    [Fact]
    public void Apply_ClearBeforeForElapses_GoesBackToInactiveWithoutFiring()
    {
        var tracker = new AlertTracker(Rule(TimeSpan.FromMinutes(2)));
        tracker.Apply(Hosts(("a", 95)), T0);

        var cleared = tracker.Apply(Hosts(("a", 50)), T0.AddMinutes(1));

        cleared.ShouldHaveSingleItem().To.ShouldBe(AlertState.Inactive);
        tracker.Alerts.ShouldBeEmpty();
    }

    [Fact]
    public void Apply_FiringAlertClears_Resolves()
    {
        var tracker = new AlertTracker(Rule(TimeSpan.Zero));
        tracker.Apply(Hosts(("a", 95)), T0).ShouldHaveSingleItem().To.ShouldBe(AlertState.Firing);

        var resolved = tracker.Apply(Hosts(("a", 10)), T0.AddSeconds(5)).ShouldHaveSingleItem();

        (resolved.From, resolved.To).ShouldBe((AlertState.Firing, AlertState.Resolved));
    }

    [Fact]
    public void Apply_SeveralSeries_FiresOnePerBreachingHost()
    {
        var tracker = new AlertTracker(Rule(TimeSpan.Zero));

        var transitions = tracker.Apply(Hosts(("a", 95), ("b", 20), ("c", 99)), T0);

        transitions.Select(t => t.Alert.Labels["host"]).Order().ShouldBe(["a", "c"]);
        transitions.ShouldAllBe(t => t.To == AlertState.Firing);
        transitions[0].Alert.Labels["alertname"].ShouldBe("HighCpu");
        transitions[0].Alert.Labels["severity"].ShouldBe("critical");
        transitions[0].Alert.Fingerprint.ShouldNotBe(transitions[1].Alert.Fingerprint);
    }

    [Fact]
    public void Apply_SeriesVanishes_ItsAlertResolves()
    {
        var tracker = new AlertTracker(Rule(TimeSpan.Zero));
        tracker.Apply(Hosts(("a", 95), ("b", 95)), T0);

        var transitions = tracker.Apply(Hosts(("a", 95)), T0.AddSeconds(5));

        var gone = transitions.ShouldHaveSingleItem();
        gone.Alert.Labels["host"].ShouldBe("b");
        gone.To.ShouldBe(AlertState.Resolved);
    }

    [Fact]
    public void Apply_NoSeries_ResolvesSeriesAndRaisesTheRulesNoDataAlert()
    {
        var tracker = new AlertTracker(Rule(TimeSpan.Zero));
        tracker.Apply(Hosts(("a", 95)), T0);

        var transitions = tracker.Apply(RuleEvaluation.NoSeries, T0.AddSeconds(5));

        transitions.Select(t => t.To).ShouldBe([AlertState.Resolved, AlertState.NoData]);
        transitions[1].Alert.Labels["alertstate"].ShouldBe("no-data");
        tracker.Apply(Hosts(("a", 10)), T0.AddSeconds(10)).ShouldHaveSingleItem().To.ShouldBe(AlertState.Resolved);
    }

    [Fact]
    public void Apply_NoSeriesWhenTheRuleSaysOk_RaisesNothing()
    {
        var tracker = new AlertTracker(Rule(TimeSpan.Zero) with { NoData = NoDataBehavior.Ok });

        tracker.Apply(RuleEvaluation.NoSeries, T0).ShouldBeEmpty();
    }

    [Fact]
    public void Apply_FailedEvaluation_RaisesErrorAndKeepsFiringSeries()
    {
        var tracker = new AlertTracker(Rule(TimeSpan.Zero));
        tracker.Apply(Hosts(("a", 95)), T0);

        var failed = tracker.Apply(RuleEvaluation.Failed("store down"), T0.AddSeconds(5)).ShouldHaveSingleItem();

        failed.To.ShouldBe(AlertState.Error);
        failed.Alert.Reason.ShouldBe("store down");
        tracker.Alerts.Count(a => a.State == AlertState.Firing).ShouldBe(1);
        tracker.Apply(Hosts(("a", 95)), T0.AddSeconds(10)).ShouldHaveSingleItem().To.ShouldBe(AlertState.Resolved);
    }

    [Fact]
    public void Fingerprint_SameLabelsInAnyOrder_IsTheSame()
    {
        var one = AlertTracker.Fingerprint("r", new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });
        var two = AlertTracker.Fingerprint("r", new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" });

        one.ShouldBe(two);
        AlertTracker.Fingerprint("other", new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }).ShouldNotBe(one);
    }
}
