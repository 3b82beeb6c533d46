using Lightning.Core.Errors;
using Lightning.Server.Auth;
using Lightning.Server.Monitoring;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints.Monitoring;

/// <summary>Retention per measurement (embedded store): read (viewer), set and remove (admin); persisted across restarts.</summary>
public static class MonitoringRetentionEndpoints
{
    public static void MapMonitoringRetentionEndpoints(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/retention", Get).WithSummary("The default retention and each measurement's own");
        group.MapPut("/retention/{measurement}", Set).RequireAuthorization(LightningClaims.Policies.Admin)
            .WithSummary("Keep a measurement's raw points this long ({\"duration\":\"30d\"}, or \"forever\"); applied by the retention job");
        group.MapDelete("/retention/{measurement}", Remove).RequireAuthorization(LightningClaims.Policies.Admin)
            .WithSummary("Remove a measurement's policy: it falls back to configuration");
    }

    static Ok<RetentionView> Get(RetentionPolicies policies) => TypedResults.Ok(policies.View());

    static Ok<RetentionPolicyView> Set(string measurement, RetentionRequest request, RetentionPolicies policies) =>
        TypedResults.Ok(policies.Set(measurement, Durations.ParseRetention(request?.Duration, "duration")));

    static Results<NoContent, NotFound> Remove(string measurement, RetentionPolicies policies) =>
        policies.Remove(measurement) ? TypedResults.NoContent() : TypedResults.NotFound();
}

public sealed record RetentionRequest(string? Duration);
