using Lightning.Server.Auth;
using Lightning.Server.Monitoring;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints.Monitoring;

/// <summary>InfluxDB migrations as background jobs (admin): start one, follow its progress.</summary>
public static class MonitoringMigrationEndpoints
{
    public static void MapMonitoringMigrationEndpoints(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var migrations = group.MapGroup("/migrations").RequireAuthorization(LightningClaims.Policies.Admin);
        migrations.MapPost("/", Start).WithSummary("Copy from an InfluxDB 1.x database into the store (from-influx) or the store into one (to-influx)");
        migrations.MapGet("/", List).WithSummary("Migration jobs, newest first");
        migrations.MapGet("/{id}", Get).WithSummary("A migration's progress: points copied, errors, state");
    }

    static Accepted<MigrationView> Start(MigrationRequest request, MigrationJobs jobs)
    {
        var view = jobs.Start(request);
        return TypedResults.Accepted($"/api/v2/monitoring/migrations/{view.Id}", view);
    }

    static Ok<IReadOnlyList<MigrationView>> List(MigrationJobs jobs) => TypedResults.Ok(jobs.List());

    static Ok<MigrationView> Get(string id, MigrationJobs jobs) => TypedResults.Ok(jobs.Get(id));
}
