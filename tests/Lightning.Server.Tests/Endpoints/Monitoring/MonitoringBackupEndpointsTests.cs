using System.Net;
using System.Net.Http.Json;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Lightning.Monitoring.Storage.Embedded;
using Lightning.Server.Auth;
using Lightning.Server.Monitoring;
using Lightning.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Server.Tests.Endpoints.Monitoring;

/// <summary>Backups through the API: a snapshot downloaded and restored into a fresh store holds the same points.</summary>
public sealed class MonitoringBackupEndpointsTests : IAsyncLifetime
{
    static readonly DateTimeOffset Start = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
    readonly LightningAppFactory _app = new();
    readonly TempDirectory _restored = new();
    HttpClient _viewer = null!;
    HttpClient _admin = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _viewer = await _app.CreateClientAsync(ApiKeyRole.Viewer, Token);
        _admin = await _app.CreateClientAsync(ApiKeyRole.Admin, Token);
        var batch = new PointBatch();
        for (var i = 0; i < 500; i++)
        {
            batch.Add("ops_backup", [new("host", $"h{i % 5}")], "value", Timestamps.ToNanoseconds(Start.AddSeconds(i)), i);
        }

        await _app.Services.GetRequiredService<IMetricStore>().WriteAsync(batch, Token);
    }

    public async ValueTask DisposeAsync()
    {
        _viewer.Dispose();
        _admin.Dispose();
        await _app.DisposeAsync();
        _restored.Dispose();
    }

    [Fact]
    public async Task A_backup_restored_into_a_fresh_store_has_the_same_points()
    {
        using var created = await _admin.PostAsync("/api/v2/monitoring/backups", null, Token);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Token));
        var backup = (await created.Content.ReadFromJsonAsync<MetricBackup>(Token))!;
        backup.Points.ShouldBeGreaterThanOrEqualTo(500);
        backup.Bytes.ShouldBeGreaterThan(0);
        File.Exists(Path.Combine(_app.DataDirectory, "backups", "metrics", backup.Name)).ShouldBeTrue();
        (await _viewer.GetFromJsonAsync<List<MetricBackup>>("/api/v2/monitoring/backups", Token))!.ShouldContain(listed => listed.Name == backup.Name);

        var downloaded = Path.Combine(_restored.Path, "download.duckdb");
        await File.WriteAllBytesAsync(downloaded, await _admin.GetByteArrayAsync($"/api/v2/monitoring/backups/{backup.Name}", Token), Token);
        var storePath = Path.Combine(_restored.Path, "metrics.duckdb");
        await EmbeddedMetricStore.RestoreAsync(downloaded, storePath, cancellationToken: Token);
        await using var restored = EmbeddedMetricStore.Open(new EmbeddedStoreOptions { Path = storePath, MaintenanceInterval = TimeSpan.Zero, RetentionInterval = TimeSpan.Zero });

        var original = await Read(_app.Services.GetRequiredService<EmbeddedMetricStore>());
        var copy = await Read(restored);
        copy.Count.ShouldBe(500);
        copy.ShouldBe(original);
    }

    [Fact]
    public async Task Backups_are_deleted_by_name_and_other_names_are_not_found()
    {
        using var created = await _admin.PostAsync("/api/v2/monitoring/backups", null, Token);
        var backup = (await created.Content.ReadFromJsonAsync<MetricBackup>(Token))!;

        using var viewerDelete = await _viewer.DeleteAsync($"/api/v2/monitoring/backups/{backup.Name}", Token);
        viewerDelete.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var deleted = await _admin.DeleteAsync($"/api/v2/monitoring/backups/{backup.Name}", Token);
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var gone = await _admin.GetAsync($"/api/v2/monitoring/backups/{backup.Name}", Token);
        gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var traversal = await _admin.GetAsync("/api/v2/monitoring/backups/..%2Fmetrics.duckdb", Token);
        traversal.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var viewerCreate = await _viewer.PostAsync("/api/v2/monitoring/backups", null, Token);
        viewerCreate.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    static async Task<List<string>> Read(EmbeddedMetricStore store)
    {
        var rows = new List<string>();
        await foreach (var batch in store.ReadBatchesAsync("ops_backup", Start, Start.AddHours(1), cancellationToken: Token))
        {
            for (var row = 0; row < batch.Count; row++)
                rows.Add($"{batch.SeriesAt(row)} {batch.FieldAt(row)} {batch.TimestampAt(row)} {batch.ValueAt(row)}");
        }

        return rows;
    }
}
