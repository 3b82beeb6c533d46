using Lightning.Core.Errors;
using Lightning.Monitoring.Alerts.Evaluation;
using Lightning.Monitoring.Alerts.Rules;

namespace Lightning.Monitoring.Tests.Alerts;

public sealed class AlertBacktesterTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;
    static readonly DateTimeOffset T0 = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    /// <summary>web-1 at 50% with a spike to 95% from 00:10 to 00:20 (samples every 10 s); web-2 at 40% throughout.</summary>
    static void History(AlertHarness harness)
    {
        for (var at = T0; at < T0.AddMinutes(40); at = at.AddSeconds(10))
        {
            var spike = at >= T0.AddMinutes(10) && at < T0.AddMinutes(20);
            harness.Store.Add("cpu", new Dictionary<string, string> { ["host"] = "web-1" }, "usage", at, spike ? 95 : 50);
            harness.Store.Add("cpu", new Dictionary<string, string> { ["host"] = "web-2" }, "usage", at, 40);
        }
    }

    [Fact]
    public async Task RunAsync_StoredSpike_SaysWhenItWouldHaveFiredAndResolved()
    {
        await using var harness = await AlertHarness.CreateAsync();
        History(harness);
        var rule = AlertHarness.CpuRule(TimeSpan.FromMinutes(2)) with { Interval = TimeSpan.FromSeconds(30) };

        var result = await harness.Backtester.RunAsync(rule, T0.AddMinutes(1), T0.AddMinutes(40), Token);

        var alert = result.Alerts.ShouldHaveSingleItem();
        alert.Labels["host"].ShouldBe("web-1");
        // The last value in [t - 1m, t) first breaches at 00:10:30 (the 00:10:00 sample); two minutes later it fires.
        alert.ActiveAt.ShouldBe(T0.AddMinutes(10).AddSeconds(30));
        alert.FiredAt.ShouldBe(T0.AddMinutes(12).AddSeconds(30));
        alert.ResolvedAt.ShouldBe(T0.AddMinutes(20).AddSeconds(30));
        alert.FinalState.ShouldBe(AlertState.Resolved);
        alert.PeakValue.ShouldBe(95);
        result.Transitions.Select(t => t.To).ShouldBe([AlertState.Pending, AlertState.Firing, AlertState.Resolved]);
        result.Evaluations.ShouldBe(79);
        result.SeriesRead.ShouldBe(2);
        harness.Store.Queries.ShouldBe(1, "one query for the range; windows are replayed in memory");
    }

    [Fact]
    public async Task RunAsync_SeriesStopReporting_NoDataIsToldApartFromFiring()
    {
        await using var harness = await AlertHarness.CreateAsync();
        History(harness);
        var rule = AlertHarness.CpuRule(TimeSpan.FromMinutes(2)) with { Interval = TimeSpan.FromSeconds(30) };

        // The history ends at 00:40; from 00:41 the one-minute window is empty.
        var result = await harness.Backtester.RunAsync(rule, T0.AddMinutes(1), T0.AddMinutes(50), Token);

        result.Alerts.Count(a => a.FiredAt is not null).ShouldBe(1, "only the spike breached the threshold");
        var noData = result.Alerts.Single(a => a.NoDataAt is not null);
        noData.FiredAt.ShouldBeNull();
        noData.NoDataAt.ShouldBe(T0.AddMinutes(41));
        noData.FinalState.ShouldBe(AlertState.NoData);
    }

    [Fact]
    public async Task RunAsync_ForLongerThanTheSpike_NeverFires()
    {
        await using var harness = await AlertHarness.CreateAsync();
        History(harness);

        var result = await harness.Backtester.RunAsync(AlertHarness.CpuRule(TimeSpan.FromMinutes(15)), T0.AddMinutes(1), T0.AddMinutes(40), Token);

        var alert = result.Alerts.ShouldHaveSingleItem();
        alert.FiredAt.ShouldBeNull();
        alert.FinalState.ShouldBe(AlertState.Inactive);
    }

    [Fact]
    public async Task RunAsync_StoredRuleWithMeanOverFiveMinutes_MatchesTheLiveReducer()
    {
        await using var harness = await AlertHarness.CreateAsync();
        History(harness);
        var rule = await harness.CreateRuleAsync(AlertHarness.CpuRule(TimeSpan.Zero) with
        {
            Condition = new AlertCondition { Operator = ComparisonOperator.GreaterThan, Threshold = 80, Reducer = Reducer.Mean, Window = TimeSpan.FromMinutes(5) },
            Interval = TimeSpan.FromMinutes(1),
        });

        var result = await harness.Backtester.RunAsync(rule, T0, T0.AddMinutes(40), Token);

        // At 00:00 the window is empty: the rule's no-data alert, cleared a minute later by the first samples.
        var noData = result.Alerts[0];
        (noData.Labels["alertstate"], noData.ResolvedAt).ShouldBe(("no-data", T0.AddMinutes(1)));
        // The five-minute mean passes 80 once four of its minutes are spike (86): fires at 00:14, clears at 00:22 (77).
        var alert = result.Alerts[1];
        alert.Labels["host"].ShouldBe("web-1");
        alert.FiredAt.ShouldBe(T0.AddMinutes(14));
        alert.ResolvedAt.ShouldBe(T0.AddMinutes(22));
        result.Alerts.Count.ShouldBe(2);
    }

    [Fact]
    public async Task RunAsync_BadRange_SaysWhy()
    {
        await using var harness = await AlertHarness.CreateAsync();

        var error = await Should.ThrowAsync<ValidationFailedException>(() =>
            harness.Backtester.RunAsync(AlertHarness.CpuRule() with { Interval = TimeSpan.FromSeconds(1) }, T0, T0.AddDays(30), Token));

        error.Errors.Keys.ShouldBe(["interval"]);
        (await Should.ThrowAsync<ValidationFailedException>(() => harness.Backtester.RunAsync(AlertHarness.CpuRule(), T0, T0.AddDays(-1), Token)))
            .Errors.Keys.ShouldBe(["to"]);
    }
}
