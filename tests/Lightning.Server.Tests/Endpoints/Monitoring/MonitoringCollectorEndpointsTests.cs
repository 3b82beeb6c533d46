using System.Net;
using System.Net.Http.Json;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Monitoring;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints.Monitoring;

/// <summary>The collectors' state, the platform's slowest statements and the PostgreSQL servers' statements through the API.</summary>
public sealed class MonitoringCollectorEndpointsTests : IAsyncLifetime
{
    const string Secret = "pw-never-shown-7";
    readonly LightningAppFactory _app = new(new Dictionary<string, string?>
    {
        ["Lightning:Monitoring:Collectors:Host:Interval"] = "00:00:01",
        // Nothing listens on port 1: the server is reported by name with the error, never with its connection string.
        ["Lightning:Monitoring:Collectors:Postgres:Servers:0:Name"] = "unreachable-db",
        ["Lightning:Monitoring:Collectors:Postgres:Servers:0:ConnectionString"] = $"Host=127.0.0.1;Port=1;Username=u;Password={Secret};Timeout=2",
    });
    HttpClient _viewer = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _viewer = await _app.CreateClientAsync(ApiKeyRole.Viewer, Token);

    public async ValueTask DisposeAsync()
    {
        _viewer.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Collectors_report_their_runs_and_points()
    {
        CollectorView? host = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var collectors = (await _viewer.GetFromJsonAsync<List<CollectorView>>("/api/v2/monitoring/collectors", Token))!;
            collectors.Select(c => c.Name).ShouldContain("postgres");
            host = collectors.Single(c => c.Name == "host");
            if (host.Runs >= 2 && host.PointsWritten > 0) break;
            await Task.Delay(250, Token);
        }

        host!.Interval.ShouldBe("1s");
        host.Runs.ShouldBeGreaterThanOrEqualTo(2);
        host.PointsWritten.ShouldBeGreaterThan(0);
        host.LastRun.ShouldNotBeNull();
        host.LastError.ShouldBeNull();
    }

    [Fact]
    public async Task The_slowest_platform_statements_are_listed_and_top_is_bounded()
    {
        var statements = await _viewer.GetFromJsonAsync<List<StatementView>>("/api/v2/monitoring/collectors/queries?top=3", Token);

        statements!.Count.ShouldBeInRange(1, 3);
        statements.ShouldAllBe(s => s.Count > 0 && s.TotalMs >= 0);
        statements.Select(s => s.TotalMs).ShouldBeInOrder(SortDirection.Descending);
        using var tooMany = await _viewer.GetAsync("/api/v2/monitoring/collectors/queries?top=0", Token);
        tooMany.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unreachable_postgres_server_is_named_without_its_secret()
    {
        using var response = await _viewer.GetAsync("/api/v2/monitoring/collectors/postgres?top=5", Token);
        var body = await response.Content.ReadAsStringAsync(Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        body.ShouldNotContain(Secret);
        var server = (await response.Content.ReadFromJsonAsync<List<PostgresServerView>>(Token))!.ShouldHaveSingleItem();
        server.Server.ShouldBe("unreachable-db");
        server.Error.ShouldNotBeNullOrEmpty();
        server.Statements.ShouldBeEmpty();
    }
}
