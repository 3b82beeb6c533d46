using System.Security.Claims;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.Replay;
using Lightning.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints;

/// <summary>
/// Replay of finished collaborations: re-execute one from its recording (no agent or model is called), fork one at a
/// subtask with another agent or input, and compare two. Playback of the events needs nothing more than <c>/events</c>.
/// </summary>
internal static class CollaborationReplayEndpoints
{
    public static void MapReplayEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/{taskId}/replay", ReplayAsync)
            .WithSummary("Re-execute a finished collaboration from its recording, calling no agent or model; returns the new collaboration")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        CollaborationEndpoints.Body<ForkRequest>(group.MapPost("/{taskId}/fork", ForkAsync), required: true, [.. CollaborationEndpoints.JsonTypes.Take(1)])
            .WithSummary("Run a finished collaboration again from one subtask, with another agent or input; the rest comes from the recording")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapGet("/{taskId}/diff/{otherId}", DiffAsync)
            .WithSummary("Compare two collaborations subtask by subtask, and their results byte for byte");
    }

    static async Task<Accepted<CollaborationView>> ReplayAsync(
        string taskId, ICollaborationService collaborations, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var view = await collaborations.ReplayAsync(taskId, CollaborationEndpoints.Caller(user), cancellationToken);
        return TypedResults.Accepted($"/api/v2/collaborate/status/{view.Id}", view);
    }

    static async Task<Results<Accepted<CollaborationView>, ProblemHttpResult>> ForkAsync(
        string taskId, HttpRequest request, ICollaborationService collaborations, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fork = await CollaborationEndpoints.ReadOptionalJsonAsync<ForkRequest>(request, cancellationToken);
        if (fork is null || string.IsNullOrWhiteSpace(fork.Subtask))
        {
            return Problems.BadRequest("Say where to fork: a JSON body {\"subtask\": \"id\", \"agent\": \"...\", \"input\": {...}} with at least the subtask.");
        }

        var view = await collaborations.ForkAsync(taskId, fork, CollaborationEndpoints.Caller(user), cancellationToken);
        return TypedResults.Accepted($"/api/v2/collaborate/status/{view.Id}", view);
    }

    static async Task<Ok<CollaborationDiff>> DiffAsync(string taskId, string otherId, ICollaborationService collaborations, CancellationToken cancellationToken) =>
        TypedResults.Ok(await collaborations.DiffAsync(taskId, otherId, cancellationToken));
}
