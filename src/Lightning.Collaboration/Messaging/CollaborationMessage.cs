using System.Text.Json;

namespace Lightning.Collaboration.Messaging;

/// <summary>
/// The envelope every agent message travels in, the same on every bus. Serialised as versioned JSON
/// (<see cref="CollaborationMessageSerializer"/>); <see cref="Payload"/> is the content, opaque to the bus.
/// </summary>
public sealed record CollaborationMessage
{
    public const int CurrentVersion = 1;

    /// <summary>Envelope format version; a reader refuses versions it does not know.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Unique per message; publishing the same id twice delivers it once.</summary>
    public required string Id { get; init; }

    /// <summary>Groups the messages of one exchange (a request and its replies, a call for proposals and its bids).</summary>
    public required string ConversationId { get; init; }

    /// <summary>The id of the message this one answers.</summary>
    public string? InReplyTo { get; init; }

    /// <summary>The interaction protocol, e.g. <c>request</c>, <c>contract-net</c>, <c>subscribe</c>.</summary>
    public string Protocol { get; init; } = "request";

    public Performative Performative { get; init; }

    /// <summary>The sending agent (or <c>coordinator</c>, <c>platform</c>).</summary>
    public required string Sender { get; init; }

    public required Address Receiver { get; init; }

    /// <summary>0 (lowest) to 9 (highest); among ready messages, higher priority is delivered first.</summary>
    public int Priority { get; init; } = 4;

    /// <summary>When an answer is no longer useful; a message past it is dead-lettered instead of delivered.</summary>
    public DateTimeOffset? ReplyBy { get; init; }

    /// <summary>How many times this message has been delivered before (0 for a new one); the bus increments it on redelivery.</summary>
    public int Attempt { get; init; }

    /// <summary>Carried to tool agents so that a side effect done twice has effect once.</summary>
    public string? IdempotencyKey { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public JsonElement Payload { get; init; }
}
