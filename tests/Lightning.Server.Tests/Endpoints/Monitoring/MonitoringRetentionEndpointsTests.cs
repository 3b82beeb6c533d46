using System.Net;
using System.Net.Http.Json;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Lightning.Monitoring.Storage.Embedded;
using Lightning.Server.Auth;
using Lightning.Server.Monitoring;
using Lightning.TestUtilities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Server.Tests.Endpoints.Monitoring;

/// <summary>Retention per measurement through the API: applied by the store's retention job and still there after a restart.</summary>
public sealed class MonitoringRetentionEndpointsTests : IDisposable
{
    readonly TempDirectory _data = new();

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _data.Dispose();

    LightningAppFactory App() => new(new Dictionary<string, string?> { ["Lightning:DataDirectory"] = _data.Path });

    [Fact]
    public async Task A_policy_is_applied_by_the_retention_job_and_survives_a_restart()
    {
        var now = DateTimeOffset.UtcNow;
        await using (var app = App())
        {
            using var admin = await app.CreateClientAsync(ApiKeyRole.Admin, Token);
            var batch = new PointBatch();
            foreach (var measurement in new[] { "ops_short", "ops_kept" })
            {
                batch.Add(measurement, null, "v", Timestamps.ToNanoseconds(now.AddDays(-10)), 1);
                batch.Add(measurement, null, "v", Timestamps.ToNanoseconds(now.AddDays(-1)), 2);
            }

            var store = app.Services.GetRequiredService<EmbeddedMetricStore>();
            await store.WriteAsync(batch, Token);

            using var set = await admin.PutAsJsonAsync("/api/v2/monitoring/retention/ops_short", new { duration = "7d" }, Token);
            set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync(Token));
            using var forever = await admin.PutAsJsonAsync("/api/v2/monitoring/retention/ops_kept", new { duration = "forever" }, Token);
            forever.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await store.ApplyRetentionAsync(Token)).ShouldBeGreaterThanOrEqualTo(1);

            (await Count(store, "ops_short", now)).ShouldBe(1);
            (await Count(store, "ops_kept", now)).ShouldBe(2);
        }

        await using (var restarted = App())
        {
            using var viewer = await restarted.CreateClientAsync(ApiKeyRole.Viewer, Token);
            var view = await viewer.GetFromJsonAsync<RetentionView>("/api/v2/monitoring/retention", Token);
            view!.Default.ShouldBe("30d");
            view.Measurements.ShouldContain(new RetentionPolicyView("ops_short", "7d", "api"));
            view.Measurements.ShouldContain(new RetentionPolicyView("ops_kept", "forever", "api"));
            var store = restarted.Services.GetRequiredService<EmbeddedMetricStore>();
            store.RetentionFor("ops_short").ShouldBe(TimeSpan.FromDays(7));
            store.RetentionFor("ops_kept").ShouldBeNull();

            using var admin = await restarted.CreateClientAsync(ApiKeyRole.Admin, Token);
            using var removed = await admin.DeleteAsync("/api/v2/monitoring/retention/ops_short", Token);
            removed.StatusCode.ShouldBe(HttpStatusCode.NoContent);
            store.RetentionFor("ops_short").ShouldBe(TimeSpan.FromDays(30));
            using var again = await admin.DeleteAsync("/api/v2/monitoring/retention/ops_short", Token);
            again.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task Bad_durations_are_refused_and_viewers_cannot_set_policies()
    {
        await using var app = App();
        using var admin = await app.CreateClientAsync(ApiKeyRole.Admin, Token);
        using var viewer = await app.CreateClientAsync(ApiKeyRole.Viewer, Token);

        using var bad = await admin.PutAsJsonAsync("/api/v2/monitoring/retention/cpu", new { duration = "soon" }, Token);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<ValidationProblemDetails>(Token))!.Errors.Keys.ShouldContain("duration");
        using var tooShort = await admin.PutAsJsonAsync("/api/v2/monitoring/retention/cpu", new { duration = "10s" }, Token);
        tooShort.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var refused = await viewer.PutAsJsonAsync("/api/v2/monitoring/retention/cpu", new { duration = "7d" }, Token);
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    static async Task<int> Count(EmbeddedMetricStore store, string measurement, DateTimeOffset now)
    {
        var count = 0;
        await foreach (var batch in store.ReadBatchesAsync(measurement, now.AddDays(-30), now.AddDays(1), cancellationToken: Token)) count += batch.Count;
        return count;
    }
}
