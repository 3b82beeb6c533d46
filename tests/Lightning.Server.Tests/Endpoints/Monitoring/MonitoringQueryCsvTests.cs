using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Monitoring;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints.Monitoring;

/// <summary>Comparisons (<c>offset</c>) on <c>/query</c> and a panel as CSV from <c>/query.csv</c>.</summary>
public sealed class MonitoringQueryCsvTests : IAsyncLifetime
{
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
        for (var i = 0; i < 3; i++)
        {
            // The same hour on two days: yesterday 100+i, today i; the region tag holds a comma and a quote.
            lines.Append(CultureInfo.InvariantCulture, $"csv_req,host=web-1,region=eu\\,\"west\" latency={i} {Start + (i * 60)}\n");
            lines.Append(CultureInfo.InvariantCulture, $"csv_req,host=web-1,region=eu\\,\"west\" latency={100 + i} {Start - 86_400 + (i * 60)}\n");
        }

        lines.Append(CultureInfo.InvariantCulture, $"csv_req,host=web-2,region=us latency=7.25 {Start + 60}\n");
        using var written = await _operator.PostAsync("/write?db=platform&precision=s", new StringContent(lines.ToString(), Encoding.UTF8, "text/plain"), Token);
        written.StatusCode.ShouldBe(HttpStatusCode.NoContent, await written.Content.ReadAsStringAsync(Token));
    }

    public async ValueTask DisposeAsync()
    {
        _operator.Dispose();
        _viewer.Dispose();
        await _app.DisposeAsync();
    }

    const string Range = "from=2026-11-24T10:00:00Z&to=2026-11-24T11:00:00Z";

    [Fact]
    public async Task An_offset_reads_the_earlier_range_and_shifts_it_onto_this_one()
    {
        var view = await _viewer.GetFromJsonAsync<MetricQueryView>($"/api/v2/monitoring/query?measurement=csv_req&field=latency&where=host=web-1&offset=1d&{Range}", Token);

        view!.Offset.ShouldBe("1d");
        view.From.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(Start));
        var series = view.Series.ShouldHaveSingleItem();
        series.Times.ShouldBe([Start * 1000, (Start + 60) * 1000, (Start + 120) * 1000]);
        series.Values.ShouldBe([100, 101, 102]);
        using var bad = await _viewer.GetAsync($"/api/v2/monitoring/query?measurement=csv_req&offset=yesterday&{Range}", Token);
        (await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("offset", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task A_panel_comes_back_as_RFC_4180_CSV_with_a_column_per_series()
    {
        using var response = await _viewer.GetAsync($"/api/v2/monitoring/query.csv?measurement=csv_req&field=latency&groupBy=host,region&{Range}", Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        response.Content.Headers.ContentDisposition.FileName!.Trim('"').ShouldBe("csv_req-latency.csv");
        var csv = await response.Content.ReadAsStringAsync(Token);
        var rows = csv.Split("\r\n");
        rows[^1].ShouldBe(string.Empty);
        var header = rows[0];
        header.ShouldStartWith("time,");
        header.ShouldContain("\"host=web-1,region=eu,\"\"west\"\"\"");
        header.ShouldContain(",\"host=web-2,region=us\"");
        var web2First = header.IndexOf("web-2", StringComparison.Ordinal) < header.IndexOf("web-1", StringComparison.Ordinal);
        string Row(string time, string web1, string web2) => web2First ? $"{time},{web2},{web1}" : $"{time},{web1},{web2}";
        rows[1..^1].ShouldBe([
            Row("2026-11-24T10:00:00.000Z", "0", ""),
            Row("2026-11-24T10:01:00.000Z", "1", "7.25"),
            Row("2026-11-24T10:02:00.000Z", "2", ""),
        ]);
    }

    [Fact]
    public void Csv_quotes_only_fields_that_need_it()
    {
        var view = new MetricQueryView("m", "value", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(1), null, null,
            [new MetricSeriesView(new Dictionary<string, string>(), [0, 1000], [1.5, null])], 2);

        MetricCsv.Write(view).ShouldBe("time,value\r\n1970-01-01T00:00:00.000Z,1.5\r\n1970-01-01T00:00:01.000Z,\r\n");
    }
}
