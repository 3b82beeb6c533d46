using System.Net;
using System.Net.Http.Json;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Lightning.Monitoring.Storage.Influx;
using Lightning.Server.Auth;
using Lightning.Server.Monitoring;
using Lightning.TestUtilities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lightning.Server.Tests.Endpoints.Monitoring;

/// <summary>Migrations through the API against the real influxd: a database copied in, then the store copied out to another database.</summary>
public sealed class MonitoringMigrationEndpointsTests : IAsyncLifetime
{
    static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    readonly InfluxTestServer _influx = TestServices.InfluxDb();
    readonly string _source = InfluxTestServer.NewDatabaseName();
    readonly string _target = InfluxTestServer.NewDatabaseName();
    readonly LightningAppFactory _app = new();
    HttpClient _admin = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.CreateClientAsync(ApiKeyRole.Admin, Token);
        await using var source = new InfluxMetricStore(Options.Create(new InfluxStoreOptions
        {
            Url = _influx.Url, Database = _source, User = _influx.User, Password = _influx.Password,
        }));
        var batch = new PointBatch();
        for (var i = 0; i < 400; i++)
        {
            var at = Timestamps.ToNanoseconds(Start.AddSeconds(i * 5));
            var series = batch.AddSeries(new SeriesKey("mig_cpu", [new("host", $"h{i % 4}")]));
            batch.Add(series, "usage", at, FieldValue.OfFloat(i / 4.0));
            batch.Add(series, "procs", at, FieldValue.OfInteger(i));
            batch.Add("mig_other", null, "v", at, i);
        }

        await source.WriteAsync(batch, Token);
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
        await _influx.DropDatabaseAsync(_source, CancellationToken.None);
        await _influx.DropDatabaseAsync(_target, CancellationToken.None);
    }

    [Fact]
    public async Task A_database_is_copied_in_and_the_store_copied_out_with_progress_and_no_password()
    {
        using var started = await _admin.PostAsJsonAsync("/api/v2/monitoring/migrations", new
        {
            direction = "from-influx", url = _influx.Url.ToString(), database = _source, username = _influx.User, password = _influx.Password,
            measurements = new[] { "mig_cpu", "mig_missing" },
        }, Token);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync(Token));
        var job = await WaitAsync((await started.Content.ReadFromJsonAsync<MigrationView>(Token))!.Id);

        job.State.ShouldBe("succeeded", string.Join("; ", job.Errors));
        job.PointsCopied.ShouldBe(800);
        job.Skipped.ShouldHaveSingleItem().ShouldContain("mig_missing");
        var store = _app.Services.GetRequiredService<IMetricStore>();
        (await store.MeasurementsAsync(Token)).ShouldContain("mig_cpu");
        (await store.MeasurementsAsync(Token)).ShouldNotContain("mig_other");
        var procs = await store.QueryAsync(new MetricQuery { Measurement = "mig_cpu", Field = "procs", From = Start, To = Start.AddHours(1), Aggregate = Aggregate.Sum }, Token);
        procs.Series.ShouldHaveSingleItem().Values.ShouldBe([Enumerable.Range(0, 400).Sum()]);

        using var exported = await _admin.PostAsJsonAsync("/api/v2/monitoring/migrations", new
        {
            direction = "to-influx", url = _influx.Url.ToString(), database = _target, username = _influx.User, password = _influx.Password,
            measurements = new[] { "mig_cpu" }, from = Start, to = Start.AddHours(1),
        }, Token);
        exported.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var outgoing = await WaitAsync((await exported.Content.ReadFromJsonAsync<MigrationView>(Token))!.Id);
        outgoing.State.ShouldBe("succeeded", string.Join("; ", outgoing.Errors));
        outgoing.PointsCopied.ShouldBe(800);
        var counted = await _influx.QueryAsync("SELECT count(procs), sum(procs) FROM mig_cpu", _target, Token);
        counted.ShouldContain($"[\"1970-01-01T00:00:00Z\",400,{Enumerable.Range(0, 400).Sum()}]");

        var listed = await _admin.GetStringAsync("/api/v2/monitoring/migrations", Token);
        listed.ShouldNotContain(_influx.Password);
    }

    [Fact]
    public async Task Bad_requests_and_a_wrong_password_are_reported()
    {
        using var bad = await _admin.PostAsJsonAsync("/api/v2/monitoring/migrations", new { direction = "sideways", url = "ftp://x", database = "" }, Token);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<ValidationProblemDetails>(Token))!.Errors.Keys.ShouldBe(["direction", "url", "database"], ignoreOrder: true);
        using var inUrl = await _admin.PostAsJsonAsync("/api/v2/monitoring/migrations", new { direction = "from-influx", url = "http://u:secret@127.0.0.1:1", database = "x" }, Token);
        inUrl.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await inUrl.Content.ReadAsStringAsync(Token)).ShouldNotContain("secret");

        const string wrong = "not-the-password-42";
        using var started = await _admin.PostAsJsonAsync("/api/v2/monitoring/migrations", new
        {
            direction = "from-influx", url = _influx.Url.ToString(), database = _source, username = _influx.User, password = wrong,
        }, Token);
        var job = await WaitAsync((await started.Content.ReadFromJsonAsync<MigrationView>(Token))!.Id);
        job.State.ShouldBe("failed");
        job.Errors.ShouldNotBeEmpty();
        (await _admin.GetStringAsync($"/api/v2/monitoring/migrations/{job.Id}", Token)).ShouldNotContain(wrong);
        using var viewer = await _app.CreateClientAsync(ApiKeyRole.Viewer, Token);
        using var refused = await viewer.GetAsync($"/api/v2/monitoring/migrations/{job.Id}", Token);
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    async Task<MigrationView> WaitAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var job = (await _admin.GetFromJsonAsync<MigrationView>($"/api/v2/monitoring/migrations/{id}", Token))!;
            if (job.State != "running" || DateTime.UtcNow > deadline) return job;
            await Task.Delay(200, Token);
        }
    }
}
