using Lightning.Collaboration.Execution;
using Lightning.Collaboration.Patterns;
using Lightning.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints;

/// <summary>A collaboration's blackboard: every key with its value, version and history.</summary>
public static class BlackboardEndpoints
{
    public static RouteGroupBuilder MapBlackboardEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v2/collaborate").WithTags("Collaboration").RequireAuthorization(LightningClaims.Policies.Viewer);
        group.MapGet("/{taskId}/blackboard", GetAsync).WithSummary("A collaboration's blackboard: every key with its value, version and history");
        return group;
    }

    static async Task<Results<Ok<BlackboardView>, ProblemHttpResult>> GetAsync(
        string taskId, ICollaborationService collaborations, BlackboardStore blackboard, CancellationToken cancellationToken)
    {
        // The log knows every collaboration, finished or not; one event is enough to tell.
        if (await collaborations.EventsAsync(taskId, 0, 1, cancellationToken) is null)
        {
            return CollaborationEndpoints.NotFound(taskId);
        }

        return TypedResults.Ok(await blackboard.SnapshotAsync(taskId, cancellationToken));
    }
}
