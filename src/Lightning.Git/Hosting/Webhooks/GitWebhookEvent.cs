using System.Text.Json;

namespace Lightning.Git.Hosting.Webhooks;

/// <summary>
/// An authenticated webhook delivery. <see cref="EventName"/> is the provider's own (<c>push</c>, <c>pull_request</c>;
/// <c>Push Hook</c>, <c>Merge Request Hook</c>); <see cref="Branch"/> is set for pushes to <c>refs/heads/*</c>.
/// </summary>
public sealed record GitWebhookEvent
{
    public required string Provider { get; init; }

    /// <summary>The hosting connection whose hook sent it (<c>/webhooks/{provider}/{connection}</c>); null for the provider-wide route.</summary>
    public string? Connection { get; init; }

    public required string DeliveryId { get; init; }

    public required string EventName { get; init; }

    /// <summary><c>owner/name</c> on GitHub, <c>group/subgroup/project</c> on GitLab.</summary>
    public string? Repository { get; init; }

    public string? Ref { get; init; }

    public string? Branch { get; init; }

    public string? Tag { get; init; }

    public string? Before { get; init; }

    public string? After { get; init; }

    public string? Sender { get; init; }

    /// <summary>The payload's action (<c>opened</c>, <c>closed</c>, <c>open</c>, <c>merge</c>, ...), when it has one.</summary>
    public string? Action { get; init; }

    /// <summary>When the payload says the event happened, when it says so (see the staleness rule).</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required JsonElement Payload { get; init; }
}
