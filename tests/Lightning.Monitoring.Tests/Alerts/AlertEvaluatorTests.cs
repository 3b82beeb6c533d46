using Lightning.Monitoring.Alerts.Evaluation;
using Lightning.Monitoring.Alerts.History;
using Lightning.Monitoring.Alerts.Rules;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Lightning.Monitoring.Storage.Embedded;
using Lightning.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Monitoring.Tests.Alerts;

public sealed class AlertEvaluatorTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EvaluateAsync_BreachHeldForTwoMinutes_PendingThenFiringWithHistory()
    {
        await using var harness = await AlertHarness.CreateAsync();
        var rule = await harness.CreateRuleAsync(AlertHarness.CpuRule(TimeSpan.FromMinutes(2)));

        harness.Cpu("web-1", 95);
        (await harness.EvaluateAsync(rule)).ShouldHaveSingleItem().To.ShouldBe(AlertState.Pending);
        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        harness.Cpu("web-1", 96);
        (await harness.EvaluateAsync(rule)).ShouldBeEmpty();
        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        harness.Cpu("web-1", 97);
        (await harness.EvaluateAsync(rule)).ShouldHaveSingleItem().To.ShouldBe(AlertState.Firing);

        var alert = (await harness.AlertsAsync()).ShouldHaveSingleItem();
        alert.State.ShouldBe(AlertState.Firing);
        alert.Value.ShouldBe(97);
        alert.ActiveAt.ShouldBe(AlertHarness.Start);
        alert.FiredAt.ShouldBe(AlertHarness.Start.AddMinutes(2));
        alert.Labels["host"].ShouldBe("web-1");
        alert.Annotations["summary"].ShouldBe("CPU on web-1 is 97%");
        var changes = await harness.EventsAsync(AlertEventTypes.StateChanged, alert.Id);
        changes.Select(e => (e.From, e.To)).ShouldBe([("pending", "firing"), ("inactive", "pending")]);
    }

    [Fact]
    public async Task EvaluateAsync_ConditionClears_ResolvesAndListsItAsResolved()
    {
        await using var harness = await AlertHarness.CreateAsync();
        var rule = await harness.CreateRuleAsync(AlertHarness.CpuRule(TimeSpan.Zero));
        harness.Cpu("web-1", 95);
        await harness.EvaluateAsync(rule);

        harness.Clock.Advance(TimeSpan.FromMinutes(2));
        harness.Cpu("web-1", 40);
        var transition = (await harness.EvaluateAsync(rule)).ShouldHaveSingleItem();

        transition.To.ShouldBe(AlertState.Resolved);
        (await harness.AlertsAsync()).ShouldBeEmpty();
        var resolved = (await harness.AlertsAsync(AlertState.Resolved)).ShouldHaveSingleItem();
        resolved.ResolvedAt.ShouldBe(harness.Clock.GetUtcNow());
    }

    [Fact]
    public async Task ListAsync_FiredResolvedAndFiredAgain_EachFiringIsAnAlertListedByStates()
    {
        await using var harness = await AlertHarness.CreateAsync();
        var rule = await harness.CreateRuleAsync(AlertHarness.CpuRule(TimeSpan.Zero));
        var other = await harness.CreateRuleAsync(AlertHarness.CpuRule(TimeSpan.Zero, name: "Other"));
        harness.Cpu("web-1", 95);
        await harness.EvaluateAsync(rule);
        harness.Clock.Advance(TimeSpan.FromMinutes(2));
        harness.Cpu("web-1", 40);
        await harness.EvaluateAsync(rule);
        harness.Clock.Advance(TimeSpan.FromMinutes(2));
        harness.Cpu("web-1", 98);
        await harness.EvaluateAsync(rule);
        await harness.EvaluateAsync(other);

        async Task<IReadOnlyList<AlertView>> List(AlertState[]? states, string? ruleId = null) =>
            (await harness.Alerts.ListAsync(states, ruleId, 100, null, Token)).Alerts;

        (await List(null, rule.Id)).Select(a => a.State).ShouldBe([AlertState.Firing]);
        (await List([], rule.Id)).Select(a => a.State).ShouldBe([AlertState.Firing, AlertState.Resolved], ignoreOrder: true);
        (await List([AlertState.Resolved])).ShouldHaveSingleItem().RuleId.ShouldBe(rule.Id);
        (await List([AlertState.Firing, AlertState.Resolved])).Count.ShouldBe(3);
        (await List([])).Count.ShouldBe(3);
    }

    [Fact]
    public async Task EvaluateAsync_TwoHostsBreach_OneAlertPerHost()
    {
        await using var harness = await AlertHarness.CreateAsync();
        var rule = await harness.CreateRuleAsync(AlertHarness.CpuRule(TimeSpan.Zero));
        harness.Cpu("web-1", 95);
        harness.Cpu("web-2", 12);
        harness.Cpu("web-3", 99);

        await harness.EvaluateAsync(rule);

        (await harness.AlertsAsync(AlertState.Firing)).Select(a => a.Labels["host"]).Order().ShouldBe(["web-1", "web-3"]);
    }

    [Fact]
    public async Task EvaluateAsync_AfterARestart_ResumesThePendingAlert()
    {
        await using var harness = await AlertHarness.CreateAsync();
        var rule = await harness.CreateRuleAsync(AlertHarness.CpuRule(TimeSpan.FromMinutes(2)));
        harness.Cpu("web-1", 95);
        await harness.EvaluateAsync(rule);

        // A new evaluator knows nothing in memory: the state comes from the database.
        var restarted = ActivatorUtilities.CreateInstance<AlertEvaluator>(harness.Services);
        harness.Clock.Advance(TimeSpan.FromMinutes(2));
        harness.Cpu("web-1", 95);
        var fired = (await restarted.EvaluateAsync(rule, harness.Clock.GetUtcNow(), Token)).ShouldHaveSingleItem();

        (fired.From, fired.To).ShouldBe((AlertState.Pending, AlertState.Firing));
        (await harness.AlertsAsync()).ShouldHaveSingleItem().ActiveAt.ShouldBe(AlertHarness.Start);
    }

    [Fact]
    public async Task EvaluateAsync_StoreFails_RaisesTheRulesErrorAlert()
    {
        await using var harness = await AlertHarness.CreateAsync();
        var rule = await harness.CreateRuleAsync(AlertHarness.CpuRule());
        harness.Store.FailWith = new HttpRequestException("influxd refused the connection");

        await harness.EvaluateAsync(rule);

        var error = (await harness.AlertsAsync(AlertState.Error)).ShouldHaveSingleItem();
        error.Labels["alertstate"].ShouldBe("error");
        (await harness.EventsAsync(AlertEventTypes.StateChanged, error.Id)).ShouldHaveSingleItem().Message!.ShouldContain("influxd refused the connection");
    }

    [Fact]
    public async Task EvaluateAsync_NoMetricStoreConfigured_ReportsAnError()
    {
        await using var harness = await AlertHarness.CreateAsync(withStore: false);
        var rule = await harness.CreateRuleAsync(AlertHarness.CpuRule());

        await harness.EvaluateAsync(rule);

        var error = (await harness.AlertsAsync(AlertState.Error)).ShouldHaveSingleItem();
        (await harness.EventsAsync(alert: error.Id)).ShouldHaveSingleItem().Message!.ShouldContain("No metric store is configured");
    }

    [Fact]
    public async Task EvaluateAsync_NothingStored_RaisesNoData()
    {
        await using var harness = await AlertHarness.CreateAsync();
        var rule = await harness.CreateRuleAsync(AlertHarness.CpuRule());

        await harness.EvaluateAsync(rule);

        (await harness.AlertsAsync(AlertState.NoData)).ShouldHaveSingleItem().Labels["alertname"].ShouldBe("HighCpu");
    }

    [Fact]
    public async Task EvaluateAsync_MeanReducer_PushesTheAggregateDownToTheStore()
    {
        await using var harness = await AlertHarness.CreateAsync();
        var rule = await harness.CreateRuleAsync(AlertHarness.CpuRule(TimeSpan.Zero) with
        {
            Condition = new AlertCondition { Operator = ComparisonOperator.GreaterOrEqual, Threshold = 50, Reducer = Reducer.Mean, Window = TimeSpan.FromMinutes(5) },
        });
        foreach (var (minutes, value) in new[] { (4, 20.0), (3, 40.0), (1, 90.0) })
            harness.Store.Add("cpu", new Dictionary<string, string> { ["host"] = "db" }, "usage", harness.Clock.GetUtcNow().AddMinutes(-minutes), value);

        await harness.EvaluateAsync(rule);

        (await harness.AlertsAsync(AlertState.Firing)).ShouldHaveSingleItem().Value.ShouldBe(50);
        harness.Store.Queries.ShouldBe(1);
    }

    [Fact]
    public async Task EvaluateDueAsync_HonoursEachRulesInterval()
    {
        await using var harness = await AlertHarness.CreateAsync();
        await harness.CreateRuleAsync(AlertHarness.CpuRule(name: "every5s"));
        await harness.CreateRuleAsync(AlertHarness.CpuRule(name: "every30s") with { Interval = TimeSpan.FromSeconds(30) });
        await harness.CreateRuleAsync(AlertHarness.CpuRule(name: "off") with { Enabled = false });

        (await harness.Evaluator.EvaluateDueAsync(Token)).ShouldBe(2);
        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        (await harness.Evaluator.EvaluateDueAsync(Token)).ShouldBe(1);
        harness.Clock.Advance(TimeSpan.FromSeconds(25));
        (await harness.Evaluator.EvaluateDueAsync(Token)).ShouldBe(2);
    }

    [Fact]
    public async Task EvaluateAsync_OnPostgres_SameStateMachine()
    {
        await using var harness = await AlertHarness.CreateAsync(postgres: true);
        var rule = await harness.CreateRuleAsync(AlertHarness.CpuRule(TimeSpan.FromMinutes(1)));
        harness.Cpu("web-1", 95);
        await harness.EvaluateAsync(rule);
        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        harness.Cpu("web-1", 95);
        await harness.EvaluateAsync(rule);

        var alert = (await harness.AlertsAsync(AlertState.Firing)).ShouldHaveSingleItem();
        alert.FiredAt.ShouldBe(AlertHarness.Start.AddMinutes(1));
        (await harness.EventsAsync(alert: alert.Id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task EvaluateAsync_AnomalyRuleOnTheEmbeddedStore_QuietOnNoiseThenFiresOnASpikeNamingTheModels()
    {
        using var data = new TempDirectory();
        await using var store = EmbeddedMetricStore.Open(new EmbeddedStoreOptions { Path = data.Combine("metrics.duckdb"), MaintenanceInterval = TimeSpan.Zero });
        await using var harness = await AlertHarness.CreateAsync(services: s => s.AddSingleton<IMetricStore>(store), withStore: false);
        var rule = await harness.CreateRuleAsync(new AlertRule
        {
            Name = "LatencyAnomaly",
            Query = new AlertQuery { Measurement = "http", Field = "latency_ms", GroupBy = ["host"] },
            Condition = new AlertCondition { Type = ConditionType.Anomaly },
            For = TimeSpan.Zero,
            Annotations = new Dictionary<string, string> { ["summary"] = "latency on {{ $labels.host }} is unusual" },
        });
        // An hour of 10-second samples: a slow wave plus noise, as a healthy service's latency looks.
        var random = new Random(7);
        var start = AlertHarness.Start.AddHours(-1);
        await WriteAsync(store, Enumerable.Range(0, 360).Select(i => (start.AddSeconds(10 * i), 50 + (3 * Math.Sin(i / 30.0)) + ((random.NextDouble() - 0.5) * 2))));

        var quiet = await harness.EvaluateAsync(rule);
        await WriteAsync(store, [(AlertHarness.Start.AddSeconds(5), 95)]);
        harness.Clock.Advance(TimeSpan.FromSeconds(10));
        var spike = await harness.EvaluateAsync(rule);

        quiet.ShouldBeEmpty();
        spike.ShouldHaveSingleItem().To.ShouldBe(AlertState.Firing);
        var alert = (await harness.AlertsAsync(AlertState.Firing)).ShouldHaveSingleItem();
        alert.Labels["host"].ShouldBe("web-1");
        alert.Annotations["summary"].ShouldBe("latency on web-1 is unusual");
        var fired = (await harness.EventsAsync(AlertEventTypes.StateChanged, alert.Id)).ShouldHaveSingleItem();
        fired.Message.ShouldNotBeNull().ShouldContain("models agree it is anomalous");
        fired.Message.ShouldContain("ewma:");
        fired.Message.ShouldContain("mad:");
        fired.Message.ShouldContain("holt-winters:");
    }

    static async Task WriteAsync(EmbeddedMetricStore store, IEnumerable<(DateTimeOffset At, double Value)> samples)
    {
        var batch = new PointBatch();
        var series = batch.AddSeries(new SeriesKey("http", [new("host", "web-1")]));
        foreach (var (at, value) in samples) batch.Add(series, "latency_ms", Timestamps.ToNanoseconds(at), FieldValue.OfFloat(value));
        await store.WriteAsync(batch, Token);
    }
}
