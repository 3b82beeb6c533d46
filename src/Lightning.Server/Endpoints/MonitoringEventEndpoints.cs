using System.Security.Claims;
using Lightning.Core.Errors;
using Lightning.Monitoring.Analysis;
using Lightning.Monitoring.Events;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Querying;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Monitoring;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using static Lightning.Server.Endpoints.Monitoring.AnalysisParameters;

namespace Lightning.Server.Endpoints;

/// <summary>
/// <c>/api/v2/monitoring/events</c>: platform events for root-cause hints and chart markers. CI/CD posts deployments,
/// configuration changes and rollbacks (operator); everyone reads the events of every source merged (viewer).
/// </summary>
public static class MonitoringEventEndpoints
{
    public const int MaxLimit = 5000;

    public static RouteGroupBuilder MapMonitoringEventEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v2/monitoring/events").WithTags("Monitoring events").RequireAuthorization(LightningClaims.Policies.Viewer);
        group.MapGet("", ListAsync).WithSummary("Platform events of every source (posted, configuration changes, collaborations) between from and to, oldest first; ?where= keeps those whose labels fit a chart's tag filters");
        group.MapPost("", RecordAsync).WithSummary("Record a deployment, configuration change, rollback... (time, kind, title, labels, text)").RequireAuthorization(LightningClaims.Policies.Operator);
        return group;
    }

    static async Task<Ok<PlatformEventsView>> ListAsync(
        PlatformEventReader events, IOptions<AnalysisOptions> options, TimeProvider time, CancellationToken cancellationToken,
        string? from = null, string? to = null, string? kind = null, string? limit = null, string? where = null)
    {
        var now = time.GetUtcNow();
        var validator = new Validator();
        var start = Time(validator, "from", from, now) ?? now.AddDays(-1);
        var end = Time(validator, "to", to, now) ?? now;
        var size = Integer(validator, "limit", limit, 1, MaxLimit) ?? 500;
        var filters = Filters(validator, where);
        if (validator.IsValid && end <= start) validator.Add("to", $"'from' ({start:O}) must be before 'to' ({end:O}).");
        validator.ThrowIfInvalid();
        CheckRange(start, end, options.Value);
        var list = await events.ReadAsync(start, end, string.IsNullOrWhiteSpace(kind) ? null : kind.Trim(), size, cancellationToken);
        var shown = PlatformEventEntry.Concerning(list.Events, filters);
        return TypedResults.Ok(new PlatformEventsView(start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), [.. shown.Select(PlatformEventView.Of)], list.Truncated, list.FailedSources));
    }

    static IReadOnlyList<TagFilter> Filters(Validator validator, string? where)
    {
        try
        {
            return MetricQueryText.ParseWhere(where);
        }
        catch (ValidationFailedException ex)
        {
            foreach (var message in ex.Errors.SelectMany(e => e.Value)) validator.Add("where", message);
            return [];
        }
    }

    static async Task<Created<PlatformEventView>> RecordAsync(PlatformEventRequest? request, PlatformEventStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var recorded = await store.RecordAsync(request ?? new PlatformEventRequest(), CollaborationEndpoints.Caller(user), PlatformEventSources.Api, cancellationToken);
        return TypedResults.Created((string?)null, PlatformEventView.Of(recorded));
    }
}
