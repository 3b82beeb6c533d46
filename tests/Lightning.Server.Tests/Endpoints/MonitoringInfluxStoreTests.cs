using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Monitoring;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints;

/// <summary>
/// The server with <c>Lightning:Monitoring:Store=influxdb</c> against the real influxd (scripts/services/influxdb.sh),
/// beside a server on the embedded store: the same line protocol written through <c>/write</c> to both, then the same
/// queries, listings and InfluxDB-compatible routes must answer the same.
/// </summary>
public sealed class MonitoringInfluxStoreTests : IAsyncLifetime
{
    const long Start = 1_795_514_400; // 2026-11-24T10:00:00Z
    const string Range = "from=2026-11-24T10:00:00Z&to=2026-11-24T11:00:00Z";

    // Collectors off on both: only what the test writes is in either store.
    static readonly Dictionary<string, string?> Quiet = new()
    {
        ["Lightning:Monitoring:Collectors:Host:Enabled"] = "false",
        ["Lightning:Monitoring:Collectors:Processes:Enabled"] = "false",
        ["Lightning:Monitoring:Collectors:Runtime:Enabled"] = "false",
        ["Lightning:Monitoring:Collectors:Queries:Enabled"] = "false",
    };

    readonly InfluxTestServer _influx = TestServices.InfluxDb();
    readonly string _database = InfluxTestServer.NewDatabaseName();
    LightningAppFactory _embeddedApp = null!;
    LightningAppFactory _influxApp = null!;
    HttpClient _embedded = null!;
    HttpClient _influxBacked = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _embeddedApp = new LightningAppFactory(Quiet);
        _influxApp = new LightningAppFactory(new Dictionary<string, string?>(Quiet)
        {
            ["Lightning:Monitoring:Store"] = "influxdb",
            ["Lightning:Monitoring:Influx:Url"] = _influx.Url.ToString(),
            ["Lightning:Monitoring:Influx:Database"] = _database,
            ["Lightning:Monitoring:Influx:User"] = _influx.User,
            ["Lightning:Monitoring:Influx:Password"] = _influx.Password,
        });
        _embedded = await ClientAsync(_embeddedApp);
        _influxBacked = await ClientAsync(_influxApp);

        var lines = new StringBuilder();
        for (var i = 0; i < 120; i++)
        {
            var at = Start + (i * 30);
            lines.Append(CultureInfo.InvariantCulture, $"http_requests,host=web-1,region=eu latency_ms={i}.25,code={200 + (i % 3)}i {at}\n");
            lines.Append(CultureInfo.InvariantCulture, $"http_requests,host=web-2,region=eu latency_ms=50,code=200i {at}\n");
            lines.Append(CultureInfo.InvariantCulture, $"http_requests,host=web-3,region=us latency_ms={(i * 7) % 13},code=500i {at}\n");
        }

        foreach (var client in new[] { _embedded, _influxBacked })
        {
            using var written = await client.PostAsync("/write?db=platform&precision=s", new StringContent(lines.ToString(), Encoding.UTF8, "text/plain"), Token);
            written.StatusCode.ShouldBe(HttpStatusCode.NoContent, await written.Content.ReadAsStringAsync(Token));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _embedded.Dispose();
        _influxBacked.Dispose();
        await _embeddedApp.DisposeAsync();
        await _influxApp.DisposeAsync();
        await _influx.DropDatabaseAsync(_database, CancellationToken.None);
    }

    /// <summary>An operator client that sends its key as InfluxDB clients do (<c>Authorization: Token</c>) on the Influx paths.</summary>
    static async Task<HttpClient> ClientAsync(LightningAppFactory app)
    {
        var key = await app.CreateKeyAsync(ApiKeyRole.Operator, Token);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    [Fact]
    public async Task The_points_are_in_influxd_itself()
    {
        var answer = await _influx.QueryAsync("SELECT count(latency_ms) FROM http_requests", _database, Token);

        answer.ShouldContain("360", customMessage: answer);
    }

    [Theory]
    [InlineData("field=latency_ms&where=host=web-1")]
    [InlineData("field=latency_ms&where=host=web-3&limit=5")]
    [InlineData("field=latency_ms&aggregate=mean&every=10m&groupBy=host")]
    [InlineData("field=latency_ms&aggregate=max&every=10m&groupBy=host&where=region=eu")]
    [InlineData("field=latency_ms&aggregate=min&every=15m")]
    [InlineData("field=latency_ms&aggregate=sum&every=10m&groupBy=region")]
    [InlineData("field=latency_ms&aggregate=count&every=10m&groupBy=host")]
    [InlineData("field=latency_ms&aggregate=last&groupBy=host")]
    [InlineData("field=latency_ms&aggregate=median&every=30m&groupBy=host")]
    [InlineData("field=code&aggregate=mean&every=30m&groupBy=host")]
    [InlineData("field=latency_ms&aggregate=mean&every=1h&where=host=~^web-[12]$")]
    [InlineData("field=latency_ms&aggregate=mean&every=1h&where=host!=web-1&groupBy=*")]
    public async Task The_same_query_gives_the_same_answer_from_both_stores(string query)
    {
        var route = $"/api/v2/monitoring/query?measurement=http_requests&{query}&{Range}";

        var embedded = await _embedded.GetFromJsonAsync<MetricQueryView>(route, Token);
        var influx = await _influxBacked.GetFromJsonAsync<MetricQueryView>(route, Token);

        embedded!.Points.ShouldBeGreaterThan(0);
        ShouldMatch(influx!, embedded);
    }

    [Fact]
    public async Task Empty_buckets_are_filled_the_same_way()
    {
        // Ten minutes before the first point: two empty 5-minute buckets, null in both.
        var route = "/api/v2/monitoring/query?measurement=http_requests&field=latency_ms&aggregate=mean&every=5m&fill=null&groupBy=host&from=2026-11-24T09:50:00Z&to=2026-11-24T10:30:00Z";

        var embedded = await _embedded.GetFromJsonAsync<MetricQueryView>(route, Token);
        var influx = await _influxBacked.GetFromJsonAsync<MetricQueryView>(route, Token);

        embedded!.Series.ShouldAllBe(series => series.Values[0] == null && series.Values[2] != null);
        ShouldMatch(influx!, embedded);
    }

    [Fact]
    public async Task Listings_and_errors_are_the_same()
    {
        (await _influxBacked.GetFromJsonAsync<List<string>>("/api/v2/monitoring/measurements", Token)).ShouldBe(["http_requests"]);
        (await _embedded.GetFromJsonAsync<List<string>>("/api/v2/monitoring/measurements", Token)).ShouldBe(["http_requests"]);
        foreach (var route in new[]
        {
            "/api/v2/monitoring/tag-values?key=host&measurement=http_requests",
            "/api/v2/monitoring/tag-values?key=host&measurement=http_requests&where=region=us",
            "/api/v2/monitoring/tag-values?key=region&limit=1",
        })
        {
            var embedded = await _embedded.GetFromJsonAsync<List<string>>(route, Token);
            (await _influxBacked.GetFromJsonAsync<List<string>>(route, Token)).ShouldBe(embedded, route);
        }

        (await _influxBacked.GetFromJsonAsync<List<string>>("/api/v2/monitoring/tag-values?key=host&measurement=http_requests", Token)).ShouldBe(["web-1", "web-2", "web-3"]);
        var series = await _influxBacked.GetFromJsonAsync<List<SeriesView>>("/api/v2/monitoring/series?measurement=http_requests&where=region=eu", Token);
        var embeddedSeries = await _embedded.GetFromJsonAsync<List<SeriesView>>("/api/v2/monitoring/series?measurement=http_requests&where=region=eu", Token);
        series!.Select(s => (s.Key, string.Join(",", s.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}:{f.Value}"))))
            .ShouldBe(embeddedSeries!.Select(s => (s.Key, string.Join(",", s.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}:{f.Value}")))));
        series!.Select(s => s.Key).ShouldBe(["http_requests,host=web-1,region=eu", "http_requests,host=web-2,region=eu"]);

        foreach (var route in new[] { $"/api/v2/monitoring/query?measurement=nope&{Range}", "/api/v2/monitoring/tag-values?key=host&measurement=nope" })
        {
            using var embedded = await _embedded.GetAsync(route, Token);
            using var influx = await _influxBacked.GetAsync(route, Token);
            embedded.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            influx.StatusCode.ShouldBe(HttpStatusCode.NotFound, route);
        }
    }

    [Fact]
    public async Task The_influx_routes_answer_the_same_and_a_partial_write_keeps_its_good_lines_in_both()
    {
        const string Body = "partial,host=a v=1 1795514400\npartial,host=a v=oops 1795514460\npartial,host=a v=3 1795514520\n";
        foreach (var client in new[] { _embedded, _influxBacked })
        {
            using var ping = await client.GetAsync("/ping", Token);
            ping.StatusCode.ShouldBe(HttpStatusCode.NoContent);
            ping.Headers.GetValues("X-Influxdb-Version").ShouldHaveSingleItem().ShouldNotBeEmpty();
            using var create = await client.PostAsync("/query?q=" + Uri.EscapeDataString("CREATE DATABASE telegraf"), null, Token);
            create.StatusCode.ShouldBe(HttpStatusCode.OK);
            using var partial = await client.PostAsync("/write?db=telegraf&precision=s", new StringContent(Body, Encoding.UTF8, "text/plain"), Token);
            partial.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await partial.Content.ReadAsStringAsync(Token)).ShouldContain("partial write: 1 of 3 lines refused: line 2");
            using var milliseconds = await client.PostAsync("/api/v2/monitoring/write?precision=ms", new StringContent("partial,host=b v=7 1795514400000", Encoding.UTF8, "text/plain"), Token);
            milliseconds.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        const string Route = "/api/v2/monitoring/query?measurement=partial&field=v&groupBy=host&" + Range;
        var embeddedView = await _embedded.GetFromJsonAsync<MetricQueryView>(Route, Token);
        var influxView = await _influxBacked.GetFromJsonAsync<MetricQueryView>(Route, Token);
        embeddedView!.Series.Single(s => s.Tags["host"] == "a").Values.ShouldBe([1, 3]);
        embeddedView.Series.Single(s => s.Tags["host"] == "b").Values.ShouldBe([7]);
        ShouldMatch(influxView!, embeddedView);
    }

    /// <summary>Same groups, times and values (floating sums may differ in the last bits between the engines).</summary>
    static void ShouldMatch(MetricQueryView actual, MetricQueryView expected)
    {
        static string Group(MetricSeriesView series) => string.Join(",", series.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));
        var expectedSeries = expected.Series.OrderBy(Group, StringComparer.Ordinal).ToArray();
        var actualSeries = actual.Series.OrderBy(Group, StringComparer.Ordinal).ToArray();
        actualSeries.Select(Group).ShouldBe(expectedSeries.Select(Group));
        actual.Points.ShouldBe(expected.Points);
        for (var s = 0; s < expectedSeries.Length; s++)
        {
            var group = Group(expectedSeries[s]);
            actualSeries[s].Times.ShouldBe(expectedSeries[s].Times, group);
            actualSeries[s].Values.Length.ShouldBe(expectedSeries[s].Values.Length, group);
            for (var i = 0; i < expectedSeries[s].Values.Length; i++)
            {
                if (expectedSeries[s].Values[i] is not { } value) actualSeries[s].Values[i].ShouldBeNull($"{group} [{i}]");
                else actualSeries[s].Values[i]!.Value.ShouldBe(value, Math.Abs(value) * 1e-12 + 1e-12, $"{group} [{i}]");
            }
        }
    }
}
