using Lightning.Server.Auth;

namespace Lightning.Server.Endpoints.Monitoring;

/// <summary>
/// Operating the metric store under <c>/api/v2/monitoring</c>: export and import, backups, retention, InfluxDB
/// migrations and the collectors' state. Reads need a viewer key; writes and operations an admin key.
/// </summary>
public static class MonitoringOperationsEndpoints
{
    public static RouteGroupBuilder MapMonitoringOperationsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v2/monitoring").WithTags("Monitoring operations").RequireAuthorization(LightningClaims.Policies.Viewer);
        group.MapMonitoringExportEndpoints();
        group.MapMonitoringBackupEndpoints();
        group.MapMonitoringRetentionEndpoints();
        group.MapMonitoringMigrationEndpoints();
        group.MapMonitoringCollectorEndpoints();
        return group;
    }
}
