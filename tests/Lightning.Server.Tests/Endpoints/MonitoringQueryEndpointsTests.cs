using System.Net;
using System.Net.Http.Json;
using System.Text;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Monitoring;
using Lightning.TestUtilities;
using Microsoft.AspNetCore.Mvc;

namespace Lightning.Server.Tests.Endpoints;

/// <summary>The query routes on the real server and its embedded store: points written with line protocol read back raw, in buckets and per group.</summary>
public sealed class MonitoringQueryEndpointsTests : IAsyncLifetime
{
    // A fixed hour in the past: collectors write "now", these tests read 2026-11-24 10:00-11:00.
    const long Start = 1_795_514_400; // 2026-11-24T10:00:00Z
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
            // web-1 climbs 0, 1, 2, ...; web-2 stays at 50; one point every 30 s for an hour.
            lines.Append(System.Globalization.CultureInfo.InvariantCulture, $"http_requests,host=web-1,region=eu latency_ms={i} {Start + (i * 30)}\n");
            lines.Append(System.Globalization.CultureInfo.InvariantCulture, $"http_requests,host=web-2,region=eu latency_ms=50 {Start + (i * 30)}\n");
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

    const string Range = "from=2026-11-24T10:00:00Z&to=2026-11-24T11:00:00Z";

    [Fact]
    public async Task Raw_points_of_one_series_come_back_in_chart_columns()
    {
        var view = await _viewer.GetFromJsonAsync<MetricQueryView>($"/api/v2/monitoring/query?measurement=http_requests&field=latency_ms&where=host=web-1&{Range}", Token);

        var series = view!.Series.ShouldHaveSingleItem();
        series.Times.Length.ShouldBe(120);
        series.Times[0].ShouldBe(Start * 1000);
        series.Values[119].ShouldBe(119);
        view.Points.ShouldBe(120);
    }

    [Fact]
    public async Task Buckets_per_host_hold_each_group_s_aggregate()
    {
        var view = await _viewer.GetFromJsonAsync<MetricQueryView>($"/api/v2/monitoring/query?measurement=http_requests&field=latency_ms&aggregate=max&every=10m&groupBy=host&{Range}", Token);

        view!.Aggregate.ShouldBe("max");
        view.Series.Count.ShouldBe(2);
        var web1 = view.Series.Single(series => series.Tags["host"] == "web-1");
        web1.Values.ShouldBe([19, 39, 59, 79, 99, 119]);
        view.Series.Single(series => series.Tags["host"] == "web-2").Values.ShouldAllBe(value => value == 50);
        var p95 = await _viewer.GetFromJsonAsync<MetricQueryView>($"/api/v2/monitoring/query?measurement=http_requests&field=latency_ms&aggregate=p50&where=region=eu&{Range}", Token);
        p95!.Series.ShouldHaveSingleItem().Values.ShouldHaveSingleItem().ShouldNotBeNull();
    }

    [Fact]
    public async Task Measurements_and_series_are_listed()
    {
        (await _viewer.GetFromJsonAsync<List<string>>("/api/v2/monitoring/measurements", Token))!.ShouldContain("http_requests");
        var series = await _viewer.GetFromJsonAsync<List<SeriesView>>("/api/v2/monitoring/series?measurement=http_requests&where=host=~^web", Token);
        series!.Select(one => one.Key).Order(StringComparer.Ordinal).ShouldBe(["http_requests,host=web-1,region=eu", "http_requests,host=web-2,region=eu"]);
        series![0].Fields["latency_ms"].ShouldBe("float");
    }

    [Fact]
    public async Task Tag_values_list_the_hosts_of_a_measurement_sorted_filtered_and_bounded()
    {
        const string Route = "/api/v2/monitoring/tag-values?key=host&measurement=http_requests";

        (await _viewer.GetFromJsonAsync<List<string>>(Route, Token)).ShouldBe(["web-1", "web-2"]);
        (await _viewer.GetFromJsonAsync<List<string>>(Route + "&limit=1", Token)).ShouldBe(["web-1"]);
        (await _viewer.GetFromJsonAsync<List<string>>(Route + "&where=host!=web-1", Token)).ShouldBe(["web-2"]);
        (await _viewer.GetFromJsonAsync<List<string>>("/api/v2/monitoring/tag-values?key=region&measurement=http_requests", Token)).ShouldBe(["eu"]);
        (await _viewer.GetFromJsonAsync<List<string>>("/api/v2/monitoring/tag-values?key=nope&measurement=http_requests", Token)).ShouldBeEmpty();
        (await _viewer.GetFromJsonAsync<List<string>>("/api/v2/monitoring/tag-values?key=region", Token))!.ShouldContain("eu");
    }

    [Theory]
    [InlineData("measurement=http_requests", "key")]
    [InlineData("key=", "key")]
    [InlineData("key=host&limit=0", "limit")]
    [InlineData("key=host&limit=10001", "limit")]
    [InlineData("key=host&measurement=", "measurement")]
    [InlineData("key=host&where=host", "where")]
    public async Task Bad_tag_value_requests_are_problems_naming_the_parameter(string query, string parameter)
    {
        using var response = await _viewer.GetAsync("/api/v2/monitoring/tag-values?" + query, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Token);
        problem!.Errors.Keys.ShouldContain(parameter);
        using var unknown = await _viewer.GetAsync("/api/v2/monitoring/tag-values?key=host&measurement=nope", Token);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("field=latency_ms", "measurement")]
    [InlineData("measurement=http_requests&from=2026-11-24T11:00:00Z&to=2026-11-24T10:00:00Z", "to")]
    [InlineData("measurement=http_requests&every=1m", "every")]
    [InlineData("measurement=http_requests&aggregate=mode", "aggregate")]
    [InlineData("measurement=http_requests&where=host", "where")]
    [InlineData("measurement=http_requests&from=yesterday", "from")]
    public async Task Bad_queries_are_problems_naming_the_parameter(string query, string parameter)
    {
        using var response = await _viewer.GetAsync("/api/v2/monitoring/query?" + query, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Token);
        problem!.Errors.Keys.ShouldContain(parameter);
    }

    [Fact]
    public async Task An_unknown_measurement_is_not_found_and_anonymous_callers_are_refused()
    {
        using var unknown = await _viewer.GetAsync($"/api/v2/monitoring/query?measurement=nope&{Range}", Token);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var anonymous = await _app.CreateClient().GetAsync("/api/v2/monitoring/measurements", Token);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
