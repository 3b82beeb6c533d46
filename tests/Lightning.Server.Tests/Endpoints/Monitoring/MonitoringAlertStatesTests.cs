using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lightning.Monitoring.Alerts.History;
using Lightning.Monitoring.Alerts.Rules;
using Lightning.Monitoring.Persistence;
using Lightning.Server.Auth;
using Lightning.TestUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Server.Tests.Endpoints.Monitoring;

/// <summary>
/// Alert history for the dashboard: the stream socket carries each appended event as it happens, and
/// <c>/alerts/states</c> rebuilds pending, firing and acknowledged intervals from the recorded history.
/// </summary>
public sealed class MonitoringAlertStatesTests : IAsyncLifetime
{
    static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    readonly LightningAppFactory _app = new();
    HttpClient _viewer = null!;
    string _viewerKey = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _viewerKey = await _app.CreateKeyAsync(ApiKeyRole.Viewer, Token);
        _viewer = _app.CreateClient();
        _viewer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _viewerKey);
    }

    public async ValueTask DisposeAsync()
    {
        _viewer.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_stream_carries_each_alert_event_as_it_is_appended()
    {
        await using var socket = await LiveSocket.ConnectAsync(_app, "/api/v2/monitoring/alerts/stream", _viewerKey, Token);
        var history = _app.Services.GetRequiredService<AlertHistory>();

        await history.AppendAsync([
            new AlertEvent(0, "alert_1", "arule_1", T0, AlertEventTypes.StateChanged, "pending", "firing", Value: 97.5),
            new AlertEvent(0, "alert_1", "arule_1", T0.AddSeconds(3), AlertEventTypes.NotificationFailed, Channel: "ach_1", Message: "SMTP refused"),
        ], Token);
        var first = await socket.ReceiveAsync(TimeSpan.FromSeconds(10), Token);
        var second = await socket.ReceiveAsync(TimeSpan.FromSeconds(10), Token);

        first.GetProperty("type").GetString().ShouldBe("alert");
        var fired = first.GetProperty("event");
        fired.GetProperty("type").GetString().ShouldBe("state-changed");
        fired.GetProperty("to").GetString().ShouldBe("firing");
        fired.GetProperty("value").GetDouble().ShouldBe(97.5);
        fired.GetProperty("id").GetInt64().ShouldBeGreaterThan(0);
        second.GetProperty("event").GetProperty("type").GetString().ShouldBe("notification-failed");
        second.GetProperty("event").GetProperty("message").GetString().ShouldBe("SMTP refused");
    }

    [Fact]
    public async Task States_are_intervals_rebuilt_from_the_history_and_filtered_by_measurement()
    {
        var rules = _app.Services.GetRequiredService<AlertRuleStore>();
        var cpuRule = await rules.CreateAsync(Rule("cpu hot", "cpu"), "tests", Token);
        var diskRule = await rules.CreateAsync(Rule("disk full", "disk"), "tests", Token);
        await SeedAsync(cpuRule, "alert_cpu", """{"host":"web-1","severity":"critical"}""", resolvedAfterMinutes: 30,
            ("pending", 0), ("firing", 2), ("ack", 10), ("resolved", 30));
        await SeedAsync(diskRule, "alert_disk", """{"host":"db-1"}""", resolvedAfterMinutes: null, ("firing", 20));
        // Before the range entirely: left out.
        await SeedAsync(cpuRule, "alert_old", "{}", resolvedAfterMinutes: -50, ("firing", -60), ("resolved", -50));

        var all = await _viewer.GetFromJsonAsync<JsonElement>($"/api/v2/monitoring/alerts/states?from={Uri.EscapeDataString(T0.ToString("O", CultureInfo.InvariantCulture))}&to=2026-11-24T11:00:00Z", Token);
        var cpu = await _viewer.GetFromJsonAsync<JsonElement>($"/api/v2/monitoring/alerts/states?from={T0.ToUnixTimeMilliseconds()}&to={T0.AddHours(1).ToUnixTimeMilliseconds()}&measurement=cpu", Token);

        var intervals = all.EnumerateArray().Select(i => (
            Rule: i.GetProperty("ruleName").GetString(),
            State: i.GetProperty("state").GetString(),
            Start: i.GetProperty("start").GetInt64(),
            End: i.GetProperty("end").ValueKind == JsonValueKind.Null ? (long?)null : i.GetProperty("end").GetInt64())).ToList();
        var ms = (int minutes) => T0.AddMinutes(minutes).ToUnixTimeMilliseconds();
        intervals.ShouldBe([
            ("cpu hot", "pending", ms(0), ms(2)),
            ("cpu hot", "firing", ms(2), ms(10)),
            ("cpu hot", "acknowledged", ms(10), ms(30)),
            ("disk full", "firing", ms(20), null),
        ]);
        var firing = all.EnumerateArray().First(i => i.GetProperty("state").GetString() == "firing");
        firing.GetProperty("severity").GetString().ShouldBe("critical");
        firing.GetProperty("labels").GetProperty("host").GetString().ShouldBe("web-1");
        firing.GetProperty("ruleId").GetString().ShouldBe(cpuRule.Id);
        cpu.EnumerateArray().Select(i => i.GetProperty("ruleName").GetString()).Distinct().ShouldBe(["cpu hot"]);
        cpu.GetArrayLength().ShouldBe(3);
        using var bad = await _viewer.GetAsync("/api/v2/monitoring/alerts/states?from=yesterday", Token);
        (await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("from", out _).ShouldBeTrue();
    }

    static AlertRule Rule(string name, string measurement) => new()
    {
        Name = name,
        Query = new AlertQuery { Measurement = measurement, Field = "usage" },
        Condition = new AlertCondition { Operator = ComparisonOperator.GreaterThan, Threshold = 90 },
        // Disabled: the alert loop must not add its own history to what the test seeds.
        Enabled = false,
    };

    async Task SeedAsync(AlertRule rule, string alertId, string labels, int? resolvedAfterMinutes, params (string What, int Minute)[] steps)
    {
        var contexts = _app.Services.GetRequiredService<IDbContextFactory<MonitoringDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(Token);
        db.Alerts.Add(new AlertEntity
        {
            Id = alertId,
            RuleId = rule.Id,
            RuleName = rule.Name,
            Fingerprint = alertId,
            Labels = labels,
            State = resolvedAfterMinutes is null ? "firing" : "resolved",
            ActiveAt = T0.AddMinutes(steps[0].Minute),
            ResolvedAt = resolvedAfterMinutes is { } r ? T0.AddMinutes(r) : null,
            LastEvaluatedAt = T0,
        });
        var state = "inactive";
        foreach (var (what, minute) in steps)
        {
            db.AlertEvents.Add(what == "ack"
                ? new AlertEventEntity { AlertId = alertId, RuleId = rule.Id, At = T0.AddMinutes(minute), Type = AlertEventTypes.Acknowledged, By = "ops" }
                : new AlertEventEntity { AlertId = alertId, RuleId = rule.Id, At = T0.AddMinutes(minute), Type = AlertEventTypes.StateChanged, FromState = state, ToState = what });
            if (what != "ack") state = what;
        }

        await db.SaveChangesAsync(Token);
    }
}
