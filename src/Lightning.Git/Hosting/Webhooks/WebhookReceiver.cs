using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lightning.Git.Hosting.Webhooks;

/// <summary>
/// Authenticates and dispatches GitHub and GitLab webhook deliveries, independent of ASP.NET: the endpoint passes the
/// provider, the request headers and the raw body bytes, and answers with <see cref="WebhookReceipt.StatusCode"/>.
/// <list type="number">
/// <item>No secret configured, or no/wrong signature (GitHub HMAC-SHA256) or token (GitLab): 401. A delivery for a
/// hosting connection (<see cref="ReceiveAsync(string, string, IReadOnlyDictionary{string, string}, ReadOnlyMemory{byte}, CancellationToken)"/>)
/// is checked against that connection's stored secret only: 404 when the provider has no such connection, 401 when it
/// has no secret.</item>
/// <item>No event name or delivery id header, or a body that is not a JSON object: 400.</item>
/// <item>An event time in the payload older than <see cref="WebhookOptions.StaleAfterMinutes"/> (or further in the future
/// than the clock skew): 400, stale.</item>
/// <item>A delivery id already handled: 200 and ignored (so the provider stops resending); the same id still being
/// handled: 409. Ids are kept per provider, whichever route (configured secret or connection) a delivery came by: the
/// providers make them unique per delivery, so a delivery captured on one route and replayed to another (two hooks
/// sharing a secret) is dropped too.</item>
/// <item>Otherwise every <see cref="IGitEventSink"/> gets the event; once all returned the id is recorded (200). A sink
/// that throws gives 500 and the id is not recorded, so the provider's redelivery is handled afresh.</item>
/// </list>
/// </summary>
public sealed class WebhookReceiver
{
    public const string GitHub = "github";
    public const string GitLab = "gitlab";
    const int MaxDeliveryIdLength = 200;

    readonly WebhookDeliveryStore _store;
    readonly IWebhookSecretSource _secrets;
    readonly IConnectionWebhookSecretSource? _connectionSecrets;
    readonly IReadOnlyList<IGitEventSink> _sinks;
    readonly IOptionsMonitor<WebhookOptions> _options;
    readonly TimeProvider _time;
    readonly ILogger _logger;
    readonly ConcurrentDictionary<(string, string), bool> _inFlight = new();

    public WebhookReceiver(
        WebhookDeliveryStore store,
        IWebhookSecretSource secrets,
        IEnumerable<IGitEventSink> sinks,
        IOptionsMonitor<WebhookOptions> options,
        TimeProvider? timeProvider = null,
        ILogger<WebhookReceiver>? logger = null,
        IConnectionWebhookSecretSource? connectionSecrets = null)
    {
        _store = store;
        _secrets = secrets;
        _sinks = [.. sinks];
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<WebhookReceiver>.Instance;
        _connectionSecrets = connectionSecrets;
    }

    /// <summary>
    /// Checks and handles one delivery against the provider's secret from <see cref="IWebhookSecretSource"/> (configuration).
    /// <paramref name="provider"/> is <c>github</c> or <c>gitlab</c>; header names are matched case-insensitively.
    /// </summary>
    public Task<WebhookReceipt> ReceiveAsync(
        string provider, IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> rawBody, CancellationToken cancellationToken) =>
        ReceiveCoreAsync(provider, connection: null, headers, rawBody, cancellationToken);

    /// <summary>
    /// Checks and handles one delivery of a hook set up for the hosting connection <paramref name="connection"/>: its
    /// secret is that connection's (from <see cref="IConnectionWebhookSecretSource"/>), and the event carries the
    /// connection's name in <see cref="GitWebhookEvent.Connection"/>.
    /// </summary>
    public Task<WebhookReceipt> ReceiveAsync(
        string provider, string connection, IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> rawBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return ReceiveCoreAsync(provider, connection, headers, rawBody, cancellationToken);
    }

    async Task<WebhookReceipt> ReceiveCoreAsync(
        string provider, string? connection, IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> rawBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var name = (provider ?? string.Empty).Trim().ToLowerInvariant();
        if (name is not (GitHub or GitLab))
        {
            return Reject(name, connection, 404, $"Unknown webhook provider '{provider}'; expected github or gitlab.");
        }

        var header = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
        string? secret;
        if (connection is null)
        {
            secret = await _secrets.GetSecretAsync(name, cancellationToken);
            if (string.IsNullOrEmpty(secret))
            {
                return Reject(name, connection, 401, $"No {name} webhook secret is configured, so no delivery can be trusted.");
            }
        }
        else
        {
            // The same answer for an unknown name and another provider's connection: the route is anonymous.
            var found = _connectionSecrets is null ? null : await _connectionSecrets.GetSecretAsync(name, connection, cancellationToken);
            if (found is null)
            {
                return Reject(name, connection, 404, $"No {name} hosting connection named '{connection}'.");
            }

            secret = found.Secret;
            if (string.IsNullOrEmpty(secret))
            {
                return Reject(name, connection, 401,
                    $"Connection '{connection}' has no webhook secret, so no delivery can be trusted; set one with PATCH /api/v2/git/connections/{connection}.");
            }
        }

        var authentic = name == GitHub
            ? WebhookSignatures.GitHubSignatureMatches(secret, rawBody.Span, Get(header, "X-Hub-Signature-256"))
            : WebhookSignatures.GitLabTokenMatches(secret, Get(header, "X-Gitlab-Token"));
        if (!authentic)
        {
            var present = Get(header, name == GitHub ? "X-Hub-Signature-256" : "X-Gitlab-Token") is not null;
            return Reject(name, connection, 401, present
                ? (name == GitHub ? "The X-Hub-Signature-256 signature does not match the body." : "The X-Gitlab-Token does not match the secret.")
                : (name == GitHub ? "The delivery is unsigned (no X-Hub-Signature-256)." : "The delivery carries no X-Gitlab-Token."));
        }

        var eventName = Get(header, name == GitHub ? "X-GitHub-Event" : "X-Gitlab-Event");
        // GitLab's Idempotency-Key stays the same across its retries of one event; X-Gitlab-Event-UUID is the fallback
        // for versions before 17.4.
        var deliveryId = name == GitHub ? Get(header, "X-GitHub-Delivery") : Get(header, "Idempotency-Key") ?? Get(header, "X-Gitlab-Event-UUID");
        if (string.IsNullOrWhiteSpace(eventName))
        {
            return Reject(name, connection, 400, "The delivery names no event.");
        }

        if (string.IsNullOrWhiteSpace(deliveryId) || deliveryId.Length > MaxDeliveryIdLength)
        {
            return Reject(name, connection, 400, "The delivery carries no usable delivery id.");
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(rawBody);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Reject(name, connection, 400, "The body is not JSON.");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return Reject(name, connection, 400, "The body is not a JSON object.");
        }

        var now = _time.GetUtcNow();
        var gitEvent = WebhookPayload.Read(name, deliveryId, eventName, root, now) with { Connection = connection };
        var options = _options.CurrentValue;
        if (gitEvent.OccurredAt is { } occurred)
        {
            if (occurred < now - TimeSpan.FromMinutes(options.StaleAfterMinutes))
            {
                return Reject(name, connection, 400, $"The delivery is stale: its event happened at {occurred:O}, more than {options.StaleAfterMinutes} minutes ago.");
            }

            if (occurred > now + TimeSpan.FromMinutes(options.ClockSkewMinutes))
            {
                return Reject(name, connection, 400, $"The delivery's event time {occurred:O} is in the future.");
            }
        }

        var key = (name, deliveryId);
        if (!_inFlight.TryAdd(key, true))
        {
            return Reject(name, connection, 409, $"Delivery {deliveryId} is being handled right now.");
        }

        try
        {
            if (await _store.HasSeenAsync(name, deliveryId, cancellationToken))
            {
                Log.Duplicate(_logger, name, connection, deliveryId);
                return new WebhookReceipt(WebhookOutcome.Duplicate, 200, $"Delivery {deliveryId} was already handled; ignored.", gitEvent);
            }

            try
            {
                foreach (var sink in _sinks)
                {
                    await sink.OnEventAsync(gitEvent, cancellationToken);
                }
            }
#pragma warning disable CA1031 // Any sink failure must become a 500 for the provider, and must leave the id unrecorded.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                Log.SinkFailed(_logger, ex, name, deliveryId);
                return new WebhookReceipt(WebhookOutcome.Failed, 500, "Handling the event failed; a redelivery will be handled again.", gitEvent);
            }

            var pruned = await _store.RecordAsync(name, deliveryId, now, now - options.Retention, cancellationToken);
            if (pruned > 0)
            {
                Log.Pruned(_logger, pruned, now - options.Retention);
            }

            Log.Accepted(_logger, name, connection, eventName, deliveryId, gitEvent.Repository);
            return new WebhookReceipt(WebhookOutcome.Accepted, 200, "Accepted.", gitEvent);
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
        }
    }

    static string? Get(Dictionary<string, string> headers, string name) =>
        headers.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    WebhookReceipt Reject(string provider, string? connection, int status, string reason)
    {
        Log.Rejected(_logger, provider, connection, status, reason);
        return new WebhookReceipt(WebhookOutcome.Rejected, status, reason);
    }
}
