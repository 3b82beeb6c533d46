using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
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
/// Saved dashboards (create, read, versioned replace, delete, validation naming the panel) and their PDF report, read
/// back page by page: title, range, a chart section per panel with its series and statistics, and the alert states.
/// </summary>
public sealed class MonitoringDashboardEndpointsTests : IAsyncLifetime
{
    const long Start = 1_795_514_400; // 2026-11-24T10:00:00Z
    const string Range = "from=2026-11-24T10:00:00Z&to=2026-11-24T11:00:00Z";
    // No report setting at all: the PDF writer is the project's own, nothing to license or install.
    readonly LightningAppFactory _app = new();
    HttpClient _operator = null!;
    HttpClient _viewer = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _operator = await _app.CreateClientAsync(ApiKeyRole.Operator, Token);
        _viewer = await _app.CreateClientAsync(ApiKeyRole.Viewer, Token);
        var lines = new StringBuilder();
        for (var i = 0; i < 120; i++)
        {
            lines.Append(CultureInfo.InvariantCulture, $"dash_cpu,host=web-1 usage={i} {Start + (i * 30)}\n");
            lines.Append(CultureInfo.InvariantCulture, $"dash_cpu,host=web-2 usage=50 {Start + (i * 30)}\n");
        }

        using var written = await _operator.PostAsync("/write?db=platform&precision=s", new StringContent(lines.ToString(), Encoding.UTF8, "text/plain"), Token);
        written.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    public async ValueTask DisposeAsync()
    {
        _operator.Dispose();
        _viewer.Dispose();
        await _app.DisposeAsync();
    }

    static object Body(string name, string where = "host=$host", string? compare = null) => new
    {
        name,
        description = "The web tier",
        timeRange = "1h",
        refresh = "1s",
        variables = new Dictionary<string, string> { ["host"] = "web-1" },
        panels = new object[]
        {
            new { id = "cpu", title = "CPU per host", kind = "line", query = new { measurement = "dash_cpu", field = "usage", groupBy = "host" }, compare, x = 0, y = 0, w = 12, h = 4 },
            new { id = "web1", title = "Web 1 mean", kind = "area", query = new { measurement = "dash_cpu", field = "usage", where, aggregate = "mean", every = "10m" }, compare = (string?)null, x = 12, y = 0, w = 12, h = 4 },
            new { id = "last", title = "Last value", kind = "stat", query = new { measurement = "dash_cpu", field = "usage", where }, compare = (string?)null, x = 0, y = 4, w = 6, h = 2 },
        },
    };

    [Fact]
    public async Task Dashboards_are_created_read_replaced_with_their_version_and_deleted()
    {
        using var created = await _operator.PostJsonAsync("/api/v2/monitoring/dashboards", Body("Web"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var dashboard = await created.Content.ReadFromJsonAsync<JsonElement>(Token);
        var id = dashboard.GetProperty("id").GetString()!;
        dashboard.GetProperty("version").GetInt32().ShouldBe(1);
        created.Headers.ETag!.Tag.ShouldBe("\"1\"");
        dashboard.GetProperty("panels").GetArrayLength().ShouldBe(3);
        dashboard.GetProperty("panels")[0].GetProperty("query").GetProperty("groupBy").GetString().ShouldBe("host");
        dashboard.GetProperty("variables").GetProperty("host").GetString().ShouldBe("web-1");
        dashboard.TryGetProperty("createdAt", out _).ShouldBeTrue();

        using var viewerWrite = await _viewer.PostJsonAsync("/api/v2/monitoring/dashboards", Body("Nope"));
        viewerWrite.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var listed = await _viewer.GetFromJsonAsync<JsonElement>("/api/v2/monitoring/dashboards", Token);
        listed.EnumerateArray().Select(d => d.GetProperty("id").GetString()).ShouldBe([id]);

        using var noVersion = new HttpRequestMessage(HttpMethod.Put, $"/api/v2/monitoring/dashboards/{id}") { Content = JsonContent.Create(Body("Web v2")) };
        (await _operator.SendAsync(noVersion, Token)).StatusCode.ShouldBe(HttpStatusCode.PreconditionRequired);
        var replaced = await PutAsync(id, "\"1\"", Body("Web v2"));
        replaced.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await replaced.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("version").GetInt32().ShouldBe(2);
        var stale = await PutAsync(id, "\"1\"", Body("Web v3"));
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        stale.Headers.ETag!.Tag.ShouldBe("\"2\"");
        var read = await _viewer.GetAsync($"/api/v2/monitoring/dashboards/{id}", Token);
        read.Headers.ETag!.Tag.ShouldBe("\"2\"");
        (await read.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("name").GetString().ShouldBe("Web v2");

        (await _operator.DeleteAsync($"/api/v2/monitoring/dashboards/{id}", Token)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await _viewer.GetAsync($"/api/v2/monitoring/dashboards/{id}", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Validation_names_the_panel_and_the_field()
    {
        var body = new
        {
            name = "",
            timeRange = "forever",
            panels = new object[]
            {
                new { id = "a", title = "Good", kind = "line", query = new { measurement = "dash_cpu" } },
                new { id = "a", title = "Broken", kind = "pie", query = new { measurement = "dash_cpu", every = "1m" }, w = 30 },
            },
        };

        using var response = await _operator.PostJsonAsync("/api/v2/monitoring/dashboards", body);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe(
            ["name", "timeRange", "panels[1].id", "panels[1].kind", "panels[1].w", "panels[1].query.every"], ignoreOrder: true);
        errors.GetProperty("panels[1].query.every")[0].GetString()!.ShouldStartWith("Panel 2 ('Broken'): 'every' needs an 'aggregate'");
        errors.GetProperty("panels[1].kind")[0].GetString()!.ShouldContain("'pie'");
    }

    [Fact]
    public async Task The_report_shows_each_panel_s_chart_statistics_and_the_alert_states()
    {
        using var created = await _operator.PostJsonAsync("/api/v2/monitoring/dashboards", Body("Web tier report", compare: "30m"));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetString()!;
        var rule = await _app.Services.GetRequiredService<AlertRuleStore>().CreateAsync(new AlertRule
        {
            Name = "web cpu high",
            Query = new AlertQuery { Measurement = "dash_cpu", Field = "usage" },
            Condition = new AlertCondition { Operator = ComparisonOperator.GreaterThan, Threshold = 100 },
            Enabled = false,
        }, "tests", Token);
        await SeedFiringAsync(rule, DateTimeOffset.FromUnixTimeSeconds(Start + 1200));

        using var response = await _viewer.GetAsync($"/api/v2/monitoring/dashboards/{id}/report.pdf?{Range}", Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Token));
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var pdf = await response.Content.ReadAsByteArrayAsync(Token);
        Encoding.ASCII.GetString(pdf, 0, 5).ShouldBe("%PDF-");
        var pages = PdfText.Pages(pdf);
        pages.Count.ShouldBe(2);
        var first = pages[0];
        first.ShouldContain("Web tier report");
        first.ShouldContain("2026-11-24 10:00:00 – 2026-11-24 11:00:00");
        first.ShouldContain("CPU per host");
        first.ShouldContain("Web 1 mean");
        first.ShouldContain("host=web-1");
        first.ShouldContain("host=web-2");
        first.ShouldContain("compared with 0.5h earlier");
        // web-1 climbs 0..119: min 0, mean 59.5, max 119, last 119; web-2 stays at 50.
        Lines(first).ShouldContain(line => line == "119");
        Lines(first).ShouldContain(line => line == "59.5");
        // Time ticks along the chart's axis.
        first.ShouldContain("10:00");
        first.ShouldContain("10:36");
        var second = pages[1];
        second.ShouldContain("Last value");
        second.ShouldContain("Alert states");
        second.ShouldContain("web cpu high");
        second.ShouldContain("firing");
        second.ShouldContain("2026-11-24 10:20:00");

        using var unknown = await _viewer.GetAsync($"/api/v2/monitoring/dashboards/dash_nope/report.pdf?{Range}", Token);
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        using var tooWide = await _viewer.GetAsync($"/api/v2/monitoring/dashboards/{id}/report.pdf?from=2026-01-01T00:00:00Z&to=2026-11-24T00:00:00Z", Token);
        await tooWide.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    static string[] Lines(string text) => text.Split('\n', StringSplitOptions.TrimEntries);

    async Task<HttpResponseMessage> PutAsync(string id, string ifMatch, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v2/monitoring/dashboards/{id}") { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        return await _operator.SendAsync(request, Token);
    }

    async Task SeedFiringAsync(AlertRule rule, DateTimeOffset at)
    {
        var contexts = _app.Services.GetRequiredService<IDbContextFactory<MonitoringDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(Token);
        db.Alerts.Add(new AlertEntity { Id = "alert_report", RuleId = rule.Id, RuleName = rule.Name, Fingerprint = "f", Labels = """{"host":"web-1"}""", State = "firing", ActiveAt = at, FiredAt = at, LastEvaluatedAt = at });
        db.AlertEvents.Add(new AlertEventEntity { AlertId = "alert_report", RuleId = rule.Id, At = at, Type = AlertEventTypes.StateChanged, FromState = "pending", ToState = "firing" });
        await db.SaveChangesAsync(Token);
    }
}
