using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Lightning.Collaboration.Execution;
using Lightning.Monitoring.Analysis;
using Lightning.Monitoring.Analysis.Anomalies;
using Lightning.Monitoring.Analysis.Correlations;
using Lightning.Monitoring.Analysis.Forecasting;
using Lightning.Monitoring.Analysis.Resources;
using Lightning.Monitoring.Analysis.RootCause;
using Lightning.Monitoring.Analysis.Trends;
using Lightning.Monitoring.Alerts.Rules;
using Lightning.Monitoring.Events;
using Lightning.Monitoring.Model;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Monitoring;
using Lightning.TestUtilities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Server.Tests.Endpoints;

/// <summary>
/// The analysis and platform-events routes on the real server and its embedded store, over series written through
/// <c>/write</c>; each route's figures are checked against <see cref="MetricAnalysisService"/> called directly on the same data.
/// </summary>
public sealed class MonitoringAnalysisEndpointsTests : IAsyncLifetime
{
    // Six hours of 1-minute points from 2026-11-24T10:00Z.
    const long Start = 1_795_514_400;
    static readonly DateTimeOffset StartTime = DateTimeOffset.FromUnixTimeSeconds(Start);
    const string Range = "from=2026-11-24T10:00:00Z&to=2026-11-24T16:00:00Z";
    const int Spike = 300;
    const int Step = 200;
    const int Lead = 3;

    // The collectors off: they tag the machine as a host, which would join db-1 and idle-1 in the per-host answers.
    readonly LightningAppFactory _app = new(new Dictionary<string, string?>
    {
        ["Lightning:Monitoring:Collectors:Host:Enabled"] = "false",
        ["Lightning:Monitoring:Collectors:Processes:Enabled"] = "false",
        ["Lightning:Monitoring:Collectors:Runtime:Enabled"] = "false",
        ["Lightning:Monitoring:Collectors:Queries:Enabled"] = "false",
    });
    HttpClient _operator = null!;
    HttpClient _viewer = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    MetricAnalysisService Analysis => _app.Services.GetRequiredService<MetricAnalysisService>();

    public async ValueTask InitializeAsync()
    {
        _operator = await _app.CreateClientAsync(ApiKeyRole.Operator, Token);
        _viewer = await _app.CreateClientAsync(ApiKeyRole.Viewer, Token);
        var random = new Random(7);
        double Noise(double size) => (random.NextDouble() * 2 - 1) * size;
        var lines = new StringBuilder();
        var walk = new double[360];
        for (var i = 0; i < 360; i++) walk[i] = (i == 0 ? 100 : walk[i - 1]) + Noise(3);
        var ci = CultureInfo.InvariantCulture;
        for (var i = 0; i < 360; i++)
        {
            var t = Start + (i * 60);
            // web-1: flat with one spike; web-2: a step up; web-3 follows the queue depth 3 minutes later.
            lines.Append(ci, $"app,host=web-1 latency_ms={(i == Spike ? 200 : 50 + Noise(2))} {t}\n");
            lines.Append(ci, $"app,host=web-2 latency_ms={(i >= Step ? 80 : 50) + Noise(2)} {t}\n");
            lines.Append(ci, $"app,host=web-3 latency_ms={(i >= Lead ? (2 * walk[i - Lead]) + 10 : 210) + Noise(0.5)} {t}\n");
            lines.Append(ci, $"queue,host=web-3 depth={walk[i]} {t}\n");
            lines.Append(ci, $"disk,host=web-1,path=/ used_percent={40 + (0.05 * i) + Noise(0.2)} {t}\n");
        }

        await WriteAsync(lines.ToString());

        // Host figures the bottleneck and suggestion routes read over a window ending now.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var hosts = new StringBuilder();
        for (var m = 50; m >= 1; m--) hosts.Append(ci, $"cpu,cpu=cpu-total,host=db-1 usage_idle=3 {now - (m * 60)}\n");
        for (var h = 8 * 48; h >= 1; h--) hosts.Append(ci, $"cpu,cpu=cpu-total,host=idle-1 usage_idle=99.6 {now - (h * 1800)}\n");
        await WriteAsync(hosts.ToString());
    }

    async Task WriteAsync(string lines)
    {
        using var written = await _operator.PostAsync("/write?db=platform&precision=s", new StringContent(lines, Encoding.UTF8, "text/plain"), Token);
        written.StatusCode.ShouldBe(HttpStatusCode.NoContent, await written.Content.ReadAsStringAsync(Token));
    }

    public async ValueTask DisposeAsync()
    {
        _operator.Dispose();
        _viewer.Dispose();
        await _app.DisposeAsync();
    }

    static MetricQuery Query(string measurement, string field, string? host = null, bool byHost = false) => new()
    {
        Measurement = measurement,
        Field = field,
        Where = host is null ? [] : [new TagFilter("host", TagOperator.Equal, host)],
        From = StartTime,
        To = StartTime.AddHours(6),
        Aggregate = Aggregate.Mean,
        Every = TimeSpan.FromMinutes(1),
        GroupBy = byHost ? ["host"] : [],
    };

    async Task<T> GetAsync<T>(string url)
    {
        using var response = await _viewer.GetAsync(url, Token);
        return await response.ReadAsync<T>();
    }

    [Fact]
    public async Task Anomalies_FindTheSpikeAsTheServiceDoes_WithTheModelsThatAgreed()
    {
        var view = await GetAsync<AnomaliesView>($"/api/v2/monitoring/analysis/anomalies?measurement=app&field=latency_ms&groupBy=host&{Range}");
        var direct = await Analysis.AnomaliesAsync(Query("app", "latency_ms", byHost: true), AnomalySettings.Default, scan: true, Token);

        view.Query.Every.ShouldBe("1m");
        view.Series.Select(s => s.Name).ShouldBe(direct.Select(s => s.Name));
        var web1 = view.Series.Single(s => s.Tags["host"] == "web-1");
        var span = web1.Spans.ShouldHaveSingleItem();
        span.Start.ShouldBe((Start + (Spike * 60)) * 1000);
        span.Models.ShouldBe(["ewma", "mad", "holt-winters"], ignoreOrder: true);
        var expected = direct.Single(s => s.Tags["host"] == "web-1").Result.Spans.ShouldHaveSingleItem();
        span.Score.ShouldBe(expected.PeakScore);
        span.Points.ShouldBe(expected.Points);
        web1.Latest.Models.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Forecast_AndCapacity_MatchTheService()
    {
        var forecast = await GetAsync<ForecastView>($"/api/v2/monitoring/analysis/forecast?measurement=disk&field=used_percent&horizon=2h&{Range}");
        var capacity = await GetAsync<CapacityView>($"/api/v2/monitoring/analysis/capacity?measurement=disk&field=used_percent&limit=100&horizon=30d&{Range}");
        var directForecast = (await Analysis.ForecastAsync(Query("disk", "used_percent"), TimeSpan.FromHours(2), ForecastSettings.Default, Token)).ShouldHaveSingleItem().Result;
        var directCapacity = (await Analysis.CapacityAsync(Query("disk", "used_percent"), 100, TimeSpan.FromDays(30), Token)).ShouldHaveSingleItem().Result;

        var series = forecast.Series.ShouldHaveSingleItem();
        forecast.Horizon.ShouldBe("2h");
        series.Points.Count.ShouldBe(directForecast.Values.Length);
        series.Points[0].Time.ShouldBe(directForecast.TimestampsNs[0] / 1_000_000);
        series.Points[^1].Value.ShouldBe(directForecast.Values[^1]);
        series.Points[^1].Upper!.Value.ShouldBeGreaterThan(series.Points[^1].Lower!.Value);

        var estimate = capacity.Series.ShouldHaveSingleItem();
        estimate.Verdict.ShouldBe(CapacityOutlook.WillReachLimit);
        estimate.Eta.ShouldBe(directCapacity.At!.Value.ToUnixTimeMilliseconds());
        // 40 % + 0.05 %/min reaches 100 % after 1200 minutes.
        Math.Abs(estimate.Eta!.Value - ((Start + (1200 * 60)) * 1000)).ShouldBeLessThan(60 * 60 * 1000);
        estimate.Earliest!.Value.ShouldBeLessThanOrEqualTo(estimate.Eta.Value);
    }

    [Fact]
    public async Task Trends_FindTheStepWhereTheServiceDoes()
    {
        var view = await GetAsync<TrendsView>($"/api/v2/monitoring/analysis/trends?measurement=app&field=latency_ms&where=host=web-2&{Range}");
        var direct = (await Analysis.TrendsAsync(Query("app", "latency_ms", "web-2"), 0.05, Token)).ShouldHaveSingleItem().Result;

        var trend = view.Series.ShouldHaveSingleItem();
        trend.SlopePerHour.ShouldBe(direct.SlopePerHour);
        trend.PValue.ShouldBe(direct.PValue);
        trend.Direction.ShouldBe(TrendDirection.Rising);
        var change = trend.ChangePoints.ShouldHaveSingleItem();
        Math.Abs(change.At - ((Start + (Step * 60)) * 1000)).ShouldBeLessThanOrEqualTo(2 * 60 * 1000);
        change.Shift!.Value.ShouldBe(30, 2);
    }

    [Fact]
    public async Task Correlations_RankTheLeadingQueueFirstWithItsLag()
    {
        var view = await GetAsync<CorrelationsView>($"/api/v2/monitoring/analysis/correlations?measurement=app&field=latency_ms&where=host=web-3&candidates=queue,disk:used_percent&maxLag=5m&{Range}");
        var candidates = new[] { Query("queue", "depth") with { GroupBy = ["*"] }, Query("disk", "used_percent") with { GroupBy = ["*"] } };
        var direct = await Analysis.CorrelationsAsync(Query("app", "latency_ms", "web-3"), candidates, CorrelationSettings.Default with { MaxLag = 5 }, Token);

        view.Candidates.ShouldBe(["queue.depth", "disk.used_percent"]);
        view.MaxLag.ShouldBe("5m");
        var best = view.Matches[0];
        best.Name.ShouldBe("queue.depth{host=web-3}");
        best.Lag.ShouldBe("3m");
        best.Pearson!.Value.ShouldBeGreaterThan(0.95);
        view.Matches.Select(m => (m.Name, m.Pearson)).ShouldBe(direct.Select(m => (m.Name, (double?)m.Pearson)));
    }

    [Fact]
    public async Task Bottlenecks_AndSuggestions_PerHost_MatchTheService()
    {
        var bottlenecks = await GetAsync<BottlenecksView>("/api/v2/monitoring/analysis/bottlenecks?host=db-1&window=1h");
        var all = await GetAsync<BottlenecksView>("/api/v2/monitoring/analysis/bottlenecks");
        var suggestions = await GetAsync<SuggestionsView>("/api/v2/monitoring/analysis/suggestions?host=idle-1&window=8d");

        var db = bottlenecks.Hosts.ShouldHaveSingleItem();
        db.Host.ShouldBe("db-1");
        var direct = await Analysis.BottlenecksAsync("db-1", TimeSpan.FromHours(1), cancellationToken: Token);
        db.Findings.Select(f => (f.Resource, f.Dimension, f.Severity)).ShouldBe(direct.Select(f => (f.Resource, f.Dimension, f.Severity)));
        db.Findings.ShouldContain(f => f.Resource == "cpu" && f.Dimension == UseDimension.Utilisation && f.Severity == BottleneckSeverity.Critical);
        all.Hosts.Select(h => h.Host).ShouldBe(["db-1", "idle-1"]);

        var idle = suggestions.Hosts.ShouldHaveSingleItem().Suggestions.ShouldHaveSingleItem();
        idle.Kind.ShouldBe(SuggestionKind.Idle);
        (await Analysis.SuggestionsAsync("idle-1", TimeSpan.FromDays(8), cancellationToken: Token)).ShouldHaveSingleItem().Explanation.ShouldBe(idle.Explanation);
    }

    [Fact]
    public async Task RootCause_RanksARecordedDeploymentFirst_AndTheEventIsListedForCharts()
    {
        var onset = StartTime.AddMinutes(Spike);
        using var posted = await _operator.PostJsonAsync("/api/v2/monitoring/events", new PlatformEventRequest(
            "deployment", "deploy api v2", onset.AddMinutes(-2), new Dictionary<string, string> { ["host"] = "web-1" }, "sha 1234"));
        var recorded = await posted.ReadAsync<PlatformEventView>();
        posted.StatusCode.ShouldBe(HttpStatusCode.Created);
        recorded.By.ShouldBe("test-operator");
        recorded.Source.ShouldBe(PlatformEventSources.Api);

        var view = await GetAsync<RootCauseView>($"/api/v2/monitoring/analysis/root-cause?onset={onset.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z&measurement=app&field=latency_ms&where=host=web-1");
        var events = await GetAsync<PlatformEventsView>($"/api/v2/monitoring/events?{Range}&kind=deployment");

        var first = view.Hints[0];
        first.Source.ShouldBe(HintSource.Event);
        first.Title.ShouldBe("deploy api v2");
        first.At.ShouldBe(onset.AddMinutes(-2).ToUnixTimeMilliseconds());
        view.Events.ShouldContain(e => e.Id == recorded.Id);
        view.Target.ShouldBe("app.latency_ms{host=web-1}");
        view.Candidates.ShouldBe(["app.latency_ms"]);
        view.Hints.ShouldNotContain(h => h.Title == "app.latency_ms{host=web-1}");
        var marker = events.Events.ShouldHaveSingleItem();
        marker.At.ShouldBe(onset.AddMinutes(-2).ToUnixTimeMilliseconds());
        marker.Labels["host"].ShouldBe("web-1");
        marker.Text.ShouldBe("sha 1234");
    }

    [Fact]
    public async Task Events_ForAChartsTagFilters_KeepThoseOfItsHostsAndThoseOfEverything()
    {
        var at = StartTime.AddMinutes(5);
        foreach (var (title, host) in new[] { ("deploy web-1", "web-1"), ("deploy web-2", "web-2"), ("deploy everything", (string?)null) })
        {
            var labels = host is null ? new Dictionary<string, string> { ["service"] = "shop" } : new Dictionary<string, string> { ["host"] = host, ["service"] = "shop" };
            using var posted = await _operator.PostJsonAsync("/api/v2/monitoring/events", new PlatformEventRequest("deployment", title, at, labels));
            posted.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var web1 = await GetAsync<PlatformEventsView>($"/api/v2/monitoring/events?{Range}&kind=deployment&where=host%3Dweb-1");
        var webs = await GetAsync<PlatformEventsView>($"/api/v2/monitoring/events?{Range}&kind=deployment&where=host%3D~web-.*,service%3Dshop");
        var otherService = await GetAsync<PlatformEventsView>($"/api/v2/monitoring/events?{Range}&kind=deployment&where=service%3Dcart");
        var all = await GetAsync<PlatformEventsView>($"/api/v2/monitoring/events?{Range}&kind=deployment");
        using var bad = await _viewer.GetAsync($"/api/v2/monitoring/events?{Range}&where=host", Token);

        web1.Events.Select(e => e.Title).ShouldBe(["deploy web-1", "deploy everything"], ignoreOrder: true);
        webs.Events.Count.ShouldBe(3);
        otherService.Events.ShouldBeEmpty("every event names service=shop");
        all.Events.Count.ShouldBe(3);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<ValidationProblemDetails>(Token))!.Errors.Keys.ShouldContain("where");
    }

    [Fact]
    public async Task Collaborations_AndConfigurationChanges_AppearAsEvents()
    {
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        using (var submitted = await _operator.PostAsync("/api/v2/collaborate/submit",
            new StringContent("""{ "title": "ship it", "plan": { "subtasks": [ { "id": "a", "tool": "echo", "input": { "v": 1 } } ] } }""", Encoding.UTF8, "application/json"), Token))
        {
            var collaboration = await submitted.ReadAsync<CollaborationView>();
            var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
            while ((await (await _operator.GetAsync($"/api/v2/collaborate/status/{collaboration.Id}", Token)).ReadAsync<CollaborationView>()).Status == CollaborationStatus.Running)
            {
                DateTimeOffset.UtcNow.ShouldBeLessThan(deadline, "the collaboration did not finish");
                await Task.Delay(100, Token);
            }
        }

        await _app.Services.GetRequiredService<AlertRuleStore>().CreateAsync(new AlertRule
        {
            Name = "slow web",
            Query = new AlertQuery { Measurement = "app", Field = "latency_ms" },
            Condition = new AlertCondition { Operator = ComparisonOperator.GreaterThan, Threshold = 150 },
        }, "tests", Token);
        using var admin = await _app.CreateClientAsync(ApiKeyRole.Admin, Token);
        using var key = await admin.PostJsonAsync("/api/v2/keys", new CreateApiKeyRequest("ci", ApiKeyRole.Operator));
        key.StatusCode.ShouldBe(HttpStatusCode.Created);

        var range = $"from={Uri.EscapeDataString(since.ToString("O"))}&to=now%2B1m".Replace("now%2B1m", Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O")), StringComparison.Ordinal);
        var collaborations = await GetAsync<PlatformEventsView>($"/api/v2/monitoring/events?{range}&kind=collaboration");
        var changes = await GetAsync<PlatformEventsView>($"/api/v2/monitoring/events?{range}&kind=config-change");

        collaborations.Events.Select(e => e.Title).ShouldBe(["Collaboration 'ship it' started", "Collaboration 'ship it' succeeded"]);
        collaborations.Events.ShouldAllBe(e => e.Source == PlatformEventSources.Collaboration && e.By == "test-operator");
        changes.Events.ShouldContain(e => e.Title == "Alert rule 'slow web' created" && e.Source == PlatformEventSources.Alerts && e.By == "tests");
        changes.Events.ShouldContain(e => e.Title == "API key 'ci' (operator) created" && e.Source == PlatformEventSources.Keys);
        changes.Events.ShouldNotContain(e => e.Title.Contains("lk_", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("analysis/anomalies?field=latency_ms", "measurement")]
    [InlineData("analysis/anomalies?measurement=app&threshold=high", "threshold")]
    [InlineData("analysis/anomalies?measurement=app&direction=sideways", "direction")]
    [InlineData("analysis/forecast?measurement=disk&horizon=soon", "horizon")]
    [InlineData("analysis/capacity?measurement=disk&field=used_percent", "limit")]
    [InlineData("analysis/trends?measurement=app&from=2020-01-01T00:00:00Z&to=2026-11-24T00:00:00Z", "from")]
    [InlineData("analysis/correlations?measurement=app", "candidates")]
    [InlineData("analysis/correlations?measurement=app&candidates=:depth", "candidates")]
    [InlineData("analysis/root-cause?measurement=app", "onset")]
    [InlineData("analysis/root-cause?onset=yesterday", "onset")]
    [InlineData("analysis/bottlenecks?window=1y", "window")]
    [InlineData("events?from=now&to=now-1h", "to")]
    [InlineData("events?limit=0", "limit")]
    public async Task BadInput_IsAProblemNamingTheParameter(string route, string parameter)
    {
        using var response = await _viewer.GetAsync("/api/v2/monitoring/" + route, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync(Token));
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Token);
        problem!.Errors.Keys.ShouldContain(parameter);
    }

    [Fact]
    public async Task Events_AreRecordedByOperatorsOnly_AndValidated_AndUnknownAlertsAreNotFound()
    {
        using var viewer = await _viewer.PostJsonAsync("/api/v2/monitoring/events", new PlatformEventRequest("deployment", "x"));
        using var invalid = await _operator.PostJsonAsync("/api/v2/monitoring/events", new PlatformEventRequest("Deploy!", "", DateTimeOffset.UtcNow.AddDays(3)));
        using var unknown = await _viewer.GetAsync("/api/v2/monitoring/analysis/root-cause?alert=alert_nope", Token);

        viewer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var problem = await invalid.Content.ReadFromJsonAsync<ValidationProblemDetails>(Token);
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        problem!.Errors.Keys.ShouldBe(["kind", "title", "at"], ignoreOrder: true);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
