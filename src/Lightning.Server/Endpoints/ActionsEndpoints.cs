using System.Security.Claims;
using Lightning.Agents.Actions;
using Lightning.Server.Auth;
using Lightning.Server.WebSockets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints;

public static class ActionsEndpoints
{
    public static RouteGroupBuilder MapActionsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v2/actions").WithTags("Actions").RequireAuthorization(LightningClaims.Policies.Viewer);
        group.MapPost("/", SubmitAsync).WithSummary("Run an action through an agent").RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapGet("/", ListAsync).WithSummary("Action history, newest first");
        group.MapGet("/{id}", GetAsync).WithSummary("Status of an action");
        group.MapGet("/{id}/output", GetOutputAsync).WithSummary("Output of an action (so far, while it runs)");
        group.MapPost("/{id}/cancel", CancelAsync).WithSummary("Cancel a queued or running action").RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapGet("/{id}/ws", ActionStreamSocket.StreamAsync).WithSummary("Live events of an action over a WebSocket");
        return group;
    }

    static async Task<Accepted<ActionView>> SubmitAsync(ActionRequest request, ActionService actions, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var action = await actions.SubmitAsync(request, user.Identity?.Name ?? "unknown", cancellationToken);
        return TypedResults.Accepted($"/api/v2/actions/{action.Id}", action);
    }

    static async Task<Results<Ok<ActionPage>, ProblemHttpResult>> ListAsync(
        ActionService actions, CancellationToken cancellationToken, string? agent = null, string? status = null, int limit = 50, string? before = null)
    {
        ActionStatus? parsed = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<ActionStatus>(status.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var value))
            {
                return Problems.BadRequest($"Unknown status '{status}': use queued, running, succeeded, failed, cancelled or timed-out.");
            }

            parsed = value;
        }

        if (limit is < 1 or > 500)
        {
            return Problems.BadRequest("Limit must be between 1 and 500.");
        }

        return TypedResults.Ok(await actions.ListAsync(new ActionQuery(agent, parsed, limit, before), cancellationToken));
    }

    static async Task<Results<Ok<ActionView>, ProblemHttpResult>> GetAsync(string id, ActionService actions, CancellationToken cancellationToken) =>
        await actions.GetAsync(id, cancellationToken) is { } action ? TypedResults.Ok(action) : Problems.NotFound($"No action with id '{id}'.");

    static async Task<Results<Ok<ActionOutput>, ProblemHttpResult>> GetOutputAsync(string id, ActionService actions, CancellationToken cancellationToken) =>
        await actions.GetOutputAsync(id, cancellationToken) is { } output ? TypedResults.Ok(output) : Problems.NotFound($"No action with id '{id}'.");

    static async Task<Ok<ActionView>> CancelAsync(string id, ActionService actions, CancellationToken cancellationToken) =>
        TypedResults.Ok(await actions.CancelAsync(id, cancellationToken));
}
