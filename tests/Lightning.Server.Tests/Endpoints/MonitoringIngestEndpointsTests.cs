using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lightning.Monitoring.Ingest.Prometheus;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Lightning.Server.Auth;
using Lightning.TestUtilities;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Server.Tests.Endpoints;

/// <summary>The ingest endpoints on the real server, writing into a recording store put into the server's services.</summary>
public sealed class MonitoringIngestEndpointsTests : IAsyncLifetime
{
    // The collectors are off: only what the tests write reaches the recording store.
    readonly LightningAppFactory _app = new(new Dictionary<string, string?>
    {
        ["Lightning:Monitoring:Ingest:MaxBodyBytes"] = "65536",
        ["Lightning:Monitoring:Collectors:Host:Enabled"] = "false",
        ["Lightning:Monitoring:Collectors:Processes:Enabled"] = "false",
        ["Lightning:Monitoring:Collectors:Runtime:Enabled"] = "false",
        ["Lightning:Monitoring:Collectors:Queries:Enabled"] = "false",
    });
    readonly RecordingStore _store = new();
    WebApplicationFactory<Program> _server = null!;
    string _operatorKey = null!;
    string _viewerKey = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = _app.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<IMetricStore>(_store)));
        var keys = _server.Services.GetRequiredService<ApiKeyStore>();
        _operatorKey = (await keys.CreateAsync("ingest-operator", ApiKeyRole.Operator, "tests", Token)).Key;
        _viewerKey = (await keys.CreateAsync("ingest-viewer", ApiKeyRole.Viewer, "tests", Token)).Key;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _app.DisposeAsync();
    }

    HttpClient Client(string? bearer)
    {
        var client = _server.CreateClient();
        if (bearer is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    static StringContent Lines(string body) => new(body, Encoding.UTF8, "text/plain");

    [Fact]
    public async Task Write_GoodLines_Answers204AndStoresThemAtThePrecision()
    {
        using var response = await Client(_operatorKey).PostAsync("/write?db=telegraf&precision=s", Lines("cpu,host=a usage=0.5,n=3i 1700000000\ncpu,host=b usage=1 1700000001\n"), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        response.Headers.GetValues("X-Influxdb-Version").ShouldNotBeEmpty();
        _store.Rows.Count.ShouldBe(3);
        _store.Rows[0].ShouldBe(("cpu,host=a", "usage", 1_700_000_000_000_000_000L, FieldValue.OfFloat(0.5)));
        _store.Rows[1].Value.ShouldBe(FieldValue.OfInteger(3));
    }

    [Fact]
    public async Task Write_SomeBadLines_WritesTheGoodOnesAndAnswers400NamingTheBad()
    {
        using var response = await Client(_operatorKey).PostAsync("/api/v2/monitoring/write", Lines("m v=1 1\nm v=oops 2\nm v=3 3\n"), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("error").GetString()!;
        error.ShouldContain("partial write");
        error.ShouldContain("line 2:");
        _store.Rows.Select(r => r.Value.AsDouble()).ShouldBe([1.0, 3.0]);
    }

    [Fact]
    public async Task Write_WithoutDatabaseOrWithBadPrecision_Answers400AsInfluxDb()
    {
        var client = Client(_operatorKey);
        using var noDb = await client.PostAsync("/write", Lines("m v=1"), Token);
        using var badPrecision = await client.PostAsync("/write?db=x&precision=d", Lines("m v=1"), Token);

        noDb.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noDb.Content.ReadAsStringAsync(Token)).ShouldContain("database is required");
        badPrecision.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        _store.Rows.ShouldBeEmpty();
    }

    [Fact]
    public async Task Write_Auth_NeedsAnOperatorKeyInAnyInfluxClientForm()
    {
        using (var anonymous = await Client(null).PostAsync("/write?db=x", Lines("m v=1"), Token))
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using (var viewer = await Client(_viewerKey).PostAsync("/write?db=x", Lines("m v=1"), Token))
            viewer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using (var wrong = await Client(null).PostAsync("/write?db=x&u=telegraf&p=not-a-key", Lines("m v=1"), Token))
            wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var token = Client(null);
        token.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", _operatorKey);
        var basic = Client(null);
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("telegraf:" + _operatorKey)));
        using (var a = await token.PostAsync("/write?db=x", Lines("m v=1 1"), Token)) a.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using (var b = await basic.PostAsync("/write?db=x", Lines("m v=2 2"), Token)) b.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using (var c = await Client(null).PostAsync($"/write?db=x&u=telegraf&p={_operatorKey}", Lines("m v=3 3"), Token)) c.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        _store.Rows.Count.ShouldBe(3);

        // The Influx forms are for the Influx paths only: elsewhere a basic-auth key is not a key.
        using var elsewhere = await basic.GetAsync("/metrics", Token);
        elsewhere.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Write_GzipBody_IsAcceptedAndOversizedBodiesAreRefused()
    {
        var body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 100).Select(i => $"m,host=h{i % 3} v={i} {i}\n")));
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) await gzip.WriteAsync(body, Token);
        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await Client(_operatorKey).PostAsync("/write?db=x", content, Token);
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        _store.Rows.Count.ShouldBe(100);

        using var tooLarge = await Client(_operatorKey).PostAsync("/write?db=x", Lines(new string('#', 70_000)), Token);
        tooLarge.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);

        using var notGzip = new ByteArrayContent(body);
        notGzip.Headers.ContentEncoding.Add("gzip");
        using var bad = await Client(_operatorKey).PostAsync("/write?db=x", notGzip, Token);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Write_GzipBodyWithoutLengthWithCrlfEscapesAndUnicode_IsStoredAsSent()
    {
        // As Telegraf sends it: gzip, no length told up front (the in-memory test server buffers it and sets one; a real
        // socket sends it chunked), here with Windows line ends and non-ASCII names.
        const string lines = "température,salle=cuisine\\ nord,unité=°C valeur=21.5,note=\"très \\\"bien\\\"\" 1700000000\r\n"
            + "m\\,x,k\\=1=v\\ 1 n=1i 1700000001\r\n";
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) await gzip.WriteAsync(Encoding.UTF8.GetBytes(lines), Token);
        using var content = new UnsizedContent(compressed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await Client(_operatorKey).PostAsync("/write?db=telegraf&precision=s", content, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        _store.Rows.Count.ShouldBe(3);
        var first = SeriesKey.Parse(_store.Rows[0].Series);
        first.Measurement.ShouldBe("température");
        first.Tag("salle").ShouldBe("cuisine nord");
        first.Tag("unité").ShouldBe("°C");
        _store.Rows[0].Field.ShouldBe("valeur");
        _store.Rows[0].Time.ShouldBe(1_700_000_000_000_000_000L);
        _store.Rows[0].Value.ShouldBe(FieldValue.OfFloat(21.5));
        _store.Rows[1].Value.ShouldBe(FieldValue.OfString("très \"bien\""));
        var second = SeriesKey.Parse(_store.Rows[2].Series);
        second.Measurement.ShouldBe("m,x");
        second.Tag("k=1").ShouldBe("v 1");
        _store.Rows[2].Field.ShouldBe("n");
        _store.Rows[2].Value.ShouldBe(FieldValue.OfInteger(1));
    }

    [Fact]
    public async Task Write_ManyBodiesInTurn_EachStoresOnlyItsOwnRows()
    {
        // Ingest reuses its batches between requests: no row of one body may show up again with the next.
        var client = Client(_operatorKey);
        for (var body = 0; body < 12; body++)
        {
            var count = body % 2 == 0 ? 300 : 1;
            var text = string.Concat(Enumerable.Range(0, count).Select(i => $"m,host=h{i % 7} v={body},s=\"b{body}\" {body * 1000 + i}\n"));
            using var response = await client.PostAsync("/write?db=x", Lines(text), Token);
            response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        _store.Rows.Count.ShouldBe(2 * (6 * 300 + 6));
        foreach (var (_, field, time, value) in _store.Rows)
        {
            var body = time / 1000;
            value.ShouldBe(field == "v" ? FieldValue.OfFloat(body) : FieldValue.OfString($"b{body}"));
        }
    }

    [Fact]
    public async Task RemoteWrite_SnappyProtobuf_IsStoredAndGarbageIs400()
    {
        var batch = new PointBatch();
        batch.Add("http_requests_total", [new("job", "api"), new("code", "200")], "value", 1_700_000_000_123_000_000, 42);
        batch.Add("http_requests_total", [new("job", "api"), new("code", "200")], "value", 1_700_000_015_123_000_000, 45);
        using var content = new ByteArrayContent(RemoteWrite.Encode(batch));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");

        using var response = await Client(_operatorKey).PostAsync("/api/v1/write", content, Token);
        using var garbage = await Client(_operatorKey).PostAsync("/api/v1/write", new ByteArrayContent([1, 2, 3, 4, 5]), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        _store.Rows.ShouldBe([
            ("http_requests_total,code=200,job=api", "value", 1_700_000_000_123_000_000L, FieldValue.OfFloat(42)),
            ("http_requests_total,code=200,job=api", "value", 1_700_000_015_123_000_000L, FieldValue.OfFloat(45)),
        ]);
        garbage.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Points_Json_IsStoredTypedAndABadPointRefusesTheRequest()
    {
        var client = Client(_operatorKey);
        using var response = await client.PostAsync("/api/v2/monitoring/points", new StringContent("""
            {"points":[{"measurement":"deploy","tags":{"app":"web"},"fields":{"ms":12.5,"ok":true,"by":"ci","n":{"integer":3}},"time":"2026-01-01T00:00:00Z"}]}
            """, Encoding.UTF8, "application/json"), Token);
        using var bad = await client.PostAsync("/api/v2/monitoring/points", new StringContent("""
            {"points":[{"measurement":"deploy","fields":{"ok":[1]}}]}
            """, Encoding.UTF8, "application/json"), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("written").GetInt32().ShouldBe(4);
        _store.Rows.Select(r => r.Value).ShouldBe([FieldValue.OfFloat(12.5), FieldValue.OfBoolean(true), FieldValue.OfString("ci"), FieldValue.OfInteger(3)]);
        _store.Rows.ShouldAllBe(r => r.Time == Timestamps.ToNanoseconds(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync(Token)).ShouldContain("points[0].fields.ok");
        _store.Rows.Count.ShouldBe(4);
    }

    [Fact]
    public async Task Metrics_ViewerGetsPrometheusTextWithTheIngestCounters()
    {
        using (await Client(_operatorKey).PostAsync("/write?db=x", Lines("m v=1 1"), Token)) { }

        using var anonymous = await Client(null).GetAsync("/metrics", Token);
        using var response = await Client(_viewerKey).GetAsync("/metrics", Token);

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        var text = await response.Content.ReadAsStringAsync(Token);
        text.ShouldContain("# TYPE lightning_monitoring_ingest_rows_total counter");
        text.ShouldContain("lightning_monitoring_ingest_rows_total{format=\"line-protocol\"}");
        text.ShouldContain("process_resident_memory_bytes ");

        // What we expose, our own parser reads.
        var batch = new PointBatch();
        var (samples, errors) = PrometheusText.Parse(text, batch, 0);
        errors.ShouldBeEmpty();
        samples.ShouldBeGreaterThan(3);
    }

    [Fact]
    public async Task PingAndTelegrafsCreateDatabase_Answer()
    {
        using var ping = await Client(null).GetAsync("/ping", Token);
        using var create = await Client(_operatorKey).PostAsync("/query", new FormUrlEncodedContent(new Dictionary<string, string> { ["q"] = "CREATE DATABASE \"telegraf\"" }), Token);
        using var select = await Client(_operatorKey).PostAsync("/query?q=SELECT+1", null, Token);

        ping.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        create.StatusCode.ShouldBe(HttpStatusCode.OK);
        select.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    /// <summary>A body whose length is not told up front, written in two pieces (as Telegraf's gzip writer streams it).</summary>
    sealed class UnsizedContent(byte[] body) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var half = body.Length / 2;
            await stream.WriteAsync(body.AsMemory(0, half));
            await stream.FlushAsync();
            await stream.WriteAsync(body.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    /// <summary>A store that keeps every row written, in order.</summary>
    sealed class RecordingStore : IMetricStore
    {
        readonly Lock _gate = new();

        public List<(string Series, string Field, long Time, FieldValue Value)> Rows { get; } = [];

        public string Kind => "recording";

        public ValueTask WriteAsync(PointBatch batch, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                for (var row = 0; row < batch.Count; row++)
                    Rows.Add((batch.SeriesAt(row).Canonical, batch.FieldAt(row), batch.TimestampAt(row), batch.ValueAt(row)));
            }

            return ValueTask.CompletedTask;
        }

        public Task<QueryResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken = default) => Task.FromResult(QueryResult.Empty);

        public Task<IReadOnlyList<string>> MeasurementsAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<string>>(Rows.Select(r => SeriesKey.Parse(r.Series).Measurement).Distinct().ToList());

        public Task<IReadOnlyList<SeriesInfo>> SeriesAsync(SeriesFilter filter, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<SeriesInfo>>([]);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
