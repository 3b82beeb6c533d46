using Lightning.Git.Hosting.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints;

/// <summary>
/// <c>POST /api/v2/git/webhooks/{provider}</c> (the provider's secret from configuration) and
/// <c>POST /api/v2/git/webhooks/{provider}/{connection}</c> (that hosting connection's stored secret): where GitHub and
/// GitLab deliver events. They take no API key (providers cannot send one); the delivery authenticates itself with its
/// signature (GitHub) or token (GitLab), which the receiver checks in constant time before anything else.
/// </summary>
public static class GitWebhookEndpoints
{
    /// <summary>GitHub caps payloads at 25 MB; nothing legitimate is larger.</summary>
    public const int MaxPayloadBytes = 25 * 1024 * 1024;

    public static RouteGroupBuilder MapGitWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/api/v2/git/webhooks").WithTags("Git").AllowAnonymous();
        hooks.MapPost("/{provider}", ReceiveAsync)
            .WithSummary("Receive a GitHub or GitLab webhook delivery (signature or token checked; replays and stale deliveries refused)");
        hooks.MapPost("/{provider}/{connection}", ReceiveForConnectionAsync)
            .WithSummary("Receive a delivery of a hosting connection's hook, checked against that connection's webhook secret");
        return hooks;
    }

    static Task<Results<Ok<WebhookAnswer>, ProblemHttpResult>> ReceiveAsync(
        string provider, HttpRequest request, WebhookReceiver receiver, CancellationToken cancellationToken) =>
        HandleAsync(request, (headers, body) => receiver.ReceiveAsync(provider, headers, body, cancellationToken), cancellationToken);

    static Task<Results<Ok<WebhookAnswer>, ProblemHttpResult>> ReceiveForConnectionAsync(
        string provider, string connection, HttpRequest request, WebhookReceiver receiver, CancellationToken cancellationToken) =>
        HandleAsync(request, (headers, body) => receiver.ReceiveAsync(provider, connection, headers, body, cancellationToken), cancellationToken);

    static async Task<Results<Ok<WebhookAnswer>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, Func<IReadOnlyDictionary<string, string>, ReadOnlyMemory<byte>, Task<WebhookReceipt>> receive, CancellationToken cancellationToken)
    {
        using var buffer = await RequestBody.ReadAtMostAsync(request, MaxPayloadBytes, cancellationToken);
        if (buffer is null)
        {
            return TypedResults.Problem($"Webhook payloads are limited to {MaxPayloadBytes / (1024 * 1024)} MB.",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large.");
        }

        var headers = request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var receipt = await receive(headers, buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        return receipt.StatusCode is >= 200 and < 300
            ? TypedResults.Ok(new WebhookAnswer(receipt.Outcome.ToString(), receipt.Reason, receipt.Event?.DeliveryId))
            : TypedResults.Problem(receipt.Reason, statusCode: receipt.StatusCode, title: "The webhook delivery was refused.");
    }
}

/// <summary>What the receiver did with a delivery: <c>Accepted</c>, or <c>Duplicate</c> for a replay of one already handled.</summary>
public sealed record WebhookAnswer(string Outcome, string Reason, string? DeliveryId);
