using Lightning.Collaboration.Messaging;
using Lightning.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints;

/// <summary>
/// The message bus's dead letters: messages it gave up on (delivery limit, rejected, expired), listed, read, redriven
/// (delivered afresh, history kept) and purged. Whichever transport the server uses.
/// </summary>
public static class DeadLetterEndpoints
{
    const int MaxLimit = 500;

    public static RouteGroupBuilder MapDeadLetterEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v2/collaborate/dead-letters").WithTags("Dead letters").RequireAuthorization(LightningClaims.Policies.Viewer);
        group.MapGet("/", ListAsync).WithSummary("Dead letters of the message bus, newest first");
        group.MapGet("/{messageId}", GetAsync).WithSummary("One dead letter with its delivery history");
        group.MapPost("/{messageId}/redrive", RedriveAsync).WithSummary("Put a dead letter back on its destination as a fresh delivery")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapDelete("/{messageId}", PurgeOneAsync).WithSummary("Delete one dead letter").RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapDelete("/", PurgeAllAsync).WithSummary("Delete every dead letter").RequireAuthorization(LightningClaims.Policies.Admin);
        return group;
    }

    static async Task<Results<Ok<DeadLetterPage>, ProblemHttpResult>> ListAsync(IMessageBus bus, CancellationToken cancellationToken, int limit = 100)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest($"Limit must be between 1 and {MaxLimit}.");
        }

        var letters = await bus.ListDeadLettersAsync(limit, cancellationToken);
        return TypedResults.Ok(new DeadLetterPage([.. letters.Select(DeadLetterView.From)]));
    }

    static async Task<Results<Ok<DeadLetterView>, ProblemHttpResult>> GetAsync(string messageId, IMessageBus bus, CancellationToken cancellationToken) =>
        await bus.GetDeadLetterAsync(messageId, cancellationToken) is { } letter
            ? TypedResults.Ok(DeadLetterView.From(letter))
            : NotFound(messageId);

    static async Task<Results<Ok<DeadLetterRedriven>, ProblemHttpResult>> RedriveAsync(string messageId, IMessageBus bus, CancellationToken cancellationToken) =>
        await bus.RedriveAsync(messageId, cancellationToken)
            ? TypedResults.Ok(new DeadLetterRedriven(messageId, true))
            : NotFound(messageId);

    static async Task<Results<Ok<DeadLettersPurged>, ProblemHttpResult>> PurgeOneAsync(string messageId, IMessageBus bus, CancellationToken cancellationToken)
    {
        var purged = await bus.PurgeDeadLettersAsync(messageId, cancellationToken);
        return purged > 0 ? TypedResults.Ok(new DeadLettersPurged(purged)) : NotFound(messageId);
    }

    static async Task<Ok<DeadLettersPurged>> PurgeAllAsync(IMessageBus bus, CancellationToken cancellationToken) =>
        TypedResults.Ok(new DeadLettersPurged(await bus.PurgeDeadLettersAsync(null, cancellationToken)));

    static ProblemHttpResult NotFound(string messageId) => Problems.NotFound($"No dead letter with message id '{messageId}'.");
}
