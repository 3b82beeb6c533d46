using System.Security.Claims;
using System.Text.Json;
using Lightning.Collaboration.Messaging;
using Lightning.Core.Errors;
using Lightning.Core.Ids;
using Lightning.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints;

/// <summary>
/// Sends a message onto the message bus from outside: to an agent, to any agent with a capability, or to all. For
/// operators poking workers and for checking a deployment's bus end to end; agents and the engine publish their own.
/// </summary>
public static class MessageEndpoints
{
    public static RouteHandlerBuilder MapMessageEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v2/collaborate/messages", PublishAsync).WithTags("Messages")
            .WithSummary("Publish a message on the bus to agent:NAME, capability:NAME or broadcast; 202 with its id and whether it was new")
            .RequireAuthorization(LightningClaims.Policies.Operator);

    static async Task<Results<Accepted<PublishResult>, ProblemHttpResult>> PublishAsync(
        PublishMessageRequest? body, IMessageBus bus, ClaimsPrincipal user, TimeProvider time, CancellationToken cancellationToken)
    {
        if (body is null || string.IsNullOrWhiteSpace(body.Receiver))
        {
            return Problems.BadRequest("Say where it goes: {\"receiver\": \"agent:NAME\" | \"capability:NAME\" | \"broadcast\", \"payload\": {...}}.");
        }

        Address receiver;
        try
        {
            receiver = Address.Parse(body.Receiver);
        }
        catch (FormatException ex)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["receiver"] = [ex.Message] });
        }

        var id = string.IsNullOrWhiteSpace(body.Id) ? LightningId.New("msg") : body.Id.Trim();
        var message = new CollaborationMessage
        {
            Id = id,
            ConversationId = string.IsNullOrWhiteSpace(body.ConversationId) ? id : body.ConversationId.Trim(),
            Protocol = string.IsNullOrWhiteSpace(body.Protocol) ? "manual" : body.Protocol.Trim(),
            Performative = body.Performative ?? Performative.Inform,
            Sender = $"api:{user.Identity?.Name ?? "unknown"}",
            Receiver = receiver,
            Priority = body.Priority ?? 4,
            ReplyBy = body.ReplyBy,
            CreatedAt = time.GetUtcNow(),
            Payload = body.Payload ?? JsonSerializer.SerializeToElement(new { }),
        };
        var result = await bus.PublishAsync(message, cancellationToken);
        return TypedResults.Accepted((string?)null, result);
    }
}

/// <summary>A message to publish: <see cref="Receiver"/> is <c>agent:NAME</c>, <c>capability:NAME</c> or <c>broadcast</c>.</summary>
public sealed record PublishMessageRequest(
    string? Receiver, JsonElement? Payload = null, Performative? Performative = null, string? Protocol = null, string? ConversationId = null,
    int? Priority = null, DateTimeOffset? ReplyBy = null, string? Id = null);
