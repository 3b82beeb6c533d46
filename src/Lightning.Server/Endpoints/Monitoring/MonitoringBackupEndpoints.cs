using Lightning.Server.Auth;
using Lightning.Server.Monitoring;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints.Monitoring;

/// <summary>Backups of the embedded store: create, list (viewer), download and delete (admin).</summary>
public static class MonitoringBackupEndpoints
{
    public static void MapMonitoringBackupEndpoints(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapPost("/backups", CreateAsync).RequireAuthorization(LightningClaims.Policies.Admin)
            .WithSummary("Write a consistent snapshot of the embedded store into <data dir>/backups/metrics while writes go on");
        group.MapGet("/backups", List).WithSummary("The metric store's backups, newest first");
        group.MapGet("/backups/{name}", Download).RequireAuthorization(LightningClaims.Policies.Admin).WithSummary("Download a backup (a DuckDB file)");
        group.MapDelete("/backups/{name}", Delete).RequireAuthorization(LightningClaims.Policies.Admin).WithSummary("Delete a backup");
    }

    static async Task<Created<MetricBackup>> CreateAsync(BackupCatalog backups, CancellationToken cancellationToken)
    {
        var backup = await backups.CreateAsync(cancellationToken);
        return TypedResults.Created($"/api/v2/monitoring/backups/{Uri.EscapeDataString(backup.Name)}", backup);
    }

    static Ok<IReadOnlyList<MetricBackup>> List(BackupCatalog backups) => TypedResults.Ok(backups.List());

    static PhysicalFileHttpResult Download(string name, BackupCatalog backups)
    {
        var file = backups.Find(name);
        return TypedResults.PhysicalFile(file.FullName, "application/vnd.duckdb", file.Name);
    }

    static NoContent Delete(string name, BackupCatalog backups)
    {
        backups.Delete(name);
        return TypedResults.NoContent();
    }
}
