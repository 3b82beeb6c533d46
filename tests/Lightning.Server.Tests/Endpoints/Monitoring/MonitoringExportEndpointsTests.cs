using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Monitoring;
using Lightning.Server.Monitoring;
using Lightning.TestUtilities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Server.Tests.Endpoints.Monitoring;

/// <summary>Export and import on the real server and its embedded store: a round trip into a second server gives the same points back.</summary>
public sealed class MonitoringExportEndpointsTests : IAsyncLifetime
{
    static readonly DateTimeOffset Start = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
    const string Range = "from=2026-11-20T08:00:00Z&to=2026-11-20T09:00:00Z";
    readonly LightningAppFactory _app = new();
    HttpClient _viewer = null!;
    HttpClient _admin = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _viewer = await _app.CreateClientAsync(ApiKeyRole.Viewer, Token);
        _admin = await _app.CreateClientAsync(ApiKeyRole.Admin, Token);
        var batch = new PointBatch();
        for (var i = 0; i < 300; i++)
        {
            var at = Timestamps.ToNanoseconds(Start.AddSeconds(i * 10));
            var web1 = batch.AddSeries(new SeriesKey("ops_rt", [new("host", "web-1"), new("region", "eu west")]));
            batch.Add(web1, "latency", at, FieldValue.OfFloat(i * 0.25));
            batch.Add(web1, "requests", at, FieldValue.OfInteger(i));
            batch.Add(web1, "healthy", at, FieldValue.OfBoolean(i % 3 != 0));
            batch.Add(web1, "note", at, FieldValue.OfString($"run \"{i}\", ok"));
            var web2 = batch.AddSeries(new SeriesKey("ops_rt", [new("host", "web-2")]));
            batch.Add(web2, "latency", at, FieldValue.OfFloat(50 + i));
        }

        await _app.Services.GetRequiredService<IMetricStore>().WriteAsync(batch, Token);
    }

    public async ValueTask DisposeAsync()
    {
        _viewer.Dispose();
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Export_then_import_into_a_fresh_server_gives_the_same_points()
    {
        var exported = await _viewer.GetStringAsync($"/api/v2/monitoring/export?measurement=ops_rt&{Range}&format=lineprotocol", Token);
        exported.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(600);

        await using var other = new LightningAppFactory();
        using var otherAdmin = await other.CreateClientAsync(ApiKeyRole.Admin, Token);
        using var imported = await otherAdmin.PostAsync("/api/v2/monitoring/import", new StringContent(exported, Encoding.UTF8, "text/plain"), Token);
        imported.StatusCode.ShouldBe(HttpStatusCode.OK, await imported.Content.ReadAsStringAsync(Token));
        var result = await imported.Content.ReadFromJsonAsync<ImportResult>(Token);
        result!.Written.ShouldBe(1500);
        result.Lines.ShouldBe(600);

        var again = await otherAdmin.GetStringAsync($"/api/v2/monitoring/export?measurement=ops_rt&{Range}", Token);
        again.ShouldBe(exported);
    }

    [Fact]
    public async Task Csv_and_a_tag_filter_select_one_series_with_typed_columns()
    {
        var csv = await _viewer.GetStringAsync($"/api/v2/monitoring/export?measurement=ops_rt&where=host=web-1&{Range}&format=csv", Token);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines[0].ShouldBe(MetricExporter.CsvHeader);
        lines.Length.ShouldBe(1 + 1200);
        lines.ShouldNotContain(line => line.Contains("web-2", StringComparison.Ordinal));
        lines.ShouldContain("2026-11-20T08:00:10.0000000Z,1795161610000000000,ops_rt,\"ops_rt,host=web-1,region=eu\\ west\",requests,1,1,");
        lines.ShouldContain("2026-11-20T08:00:10.0000000Z,1795161610000000000,ops_rt,\"ops_rt,host=web-1,region=eu\\ west\",note,,,\"run \"\"1\"\", ok\"");
        lines.ShouldContain("2026-11-20T08:00:10.0000000Z,1795161610000000000,ops_rt,\"ops_rt,host=web-1,region=eu\\ west\",latency,0.25,,");
    }

    [Fact]
    public async Task Parquet_is_a_parquet_file()
    {
        var bytes = await _viewer.GetByteArrayAsync($"/api/v2/monitoring/export?measurement=ops_rt&{Range}&format=parquet", Token);

        Encoding.ASCII.GetString(bytes, 0, 4).ShouldBe("PAR1");
        Encoding.ASCII.GetString(bytes, bytes.Length - 4, 4).ShouldBe("PAR1");
    }

    [Theory]
    [InlineData("measurement=ops_rt&format=xml", "format")]
    [InlineData("measurement=ops_rt&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    [InlineData("measurement=ops_rt&from=2026-11-20T09:00:00Z&to=2026-11-20T08:00:00Z", "to")]
    [InlineData("measurement=ops_rt&where=host&" + Range, "where")]
    [InlineData("measurement=ops_rt&where=host=web-1&format=parquet&" + Range, "where")]
    public async Task Bad_exports_are_refused_before_anything_is_sent(string query, string parameter)
    {
        using var response = await _viewer.GetAsync("/api/v2/monitoring/export?" + query, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Token))!.Errors.Keys.ShouldContain(parameter);
    }

    [Fact]
    public async Task An_unknown_measurement_is_not_found_and_import_needs_an_admin()
    {
        using var unknown = await _viewer.GetAsync($"/api/v2/monitoring/export?measurement=nope&{Range}", Token);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var viewerImport = await _viewer.PostAsync("/api/v2/monitoring/import", new StringContent("m v=1 1", Encoding.UTF8, "text/plain"), Token);
        viewerImport.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_bad_line_is_named_with_its_number_and_the_good_lines_are_written()
    {
        const string body = "ops_imp,host=a v=1 1795161600000000000\nops_imp,host=a v=2 1795161610000000000\nops_imp,host=a v=oops 1795161620000000000\nops_imp,host=a v=4 1795161630000000000\n";

        using var response = await _admin.PostAsync("/api/v2/monitoring/import", new StringContent(body, Encoding.UTF8, "text/plain"), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        var error = problem.RootElement.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("line").GetInt32().ShouldBe(3);
        error.GetProperty("reason").GetString()!.ShouldContain("'v'");
        problem.RootElement.GetProperty("written").GetInt32().ShouldBe(3);
        problem.RootElement.GetProperty("detail").GetString()!.ShouldContain("line 3:");
        var stored = await _viewer.GetStringAsync("/api/v2/monitoring/export?measurement=ops_imp&from=2026-11-20T08:00:00Z&to=2026-11-20T09:00:00Z", Token);
        stored.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(3);
    }

    [Fact]
    public async Task A_gzip_body_is_imported()
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            await gzip.WriteAsync(Encoding.UTF8.GetBytes("ops_gz,host=a v=1i 1795161600000000000\nops_gz,host=b v=2i 1795161600000000000\n"), Token);
        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await _admin.PostAsync("/api/v2/monitoring/import", content, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<ImportResult>(Token))!.Written.ShouldBe(2);
    }
}
