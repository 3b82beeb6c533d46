namespace Lightning.Collaboration.Messaging;

/// <summary>
/// The one contract of the agent message bus. The embedded, RabbitMQ and Redis Streams buses behave the same, which the
/// conformance suite checks on real servers:
/// <list type="bullet">
/// <item>publish returns once the message is durable (confirmed); a message id seen before is dropped, not delivered twice;</item>
/// <item>routing: <c>agent:NAME</c> to that agent's consumers; <c>capability:NAME</c> to any one consumer whose subscription has it;
/// <c>broadcast</c> a copy to every agent the bus knows (every agent that has ever subscribed);</item>
/// <item>among ready messages of one destination, higher priority first, then oldest first;</item>
/// <item>a consumer holds at most its prefetch of unsettled deliveries; each is settled once: ack, nack (retry later, with
/// exponential backoff and jitter) or reject (dead-letter now);</item>
/// <item>after <see cref="BusOptions.MaxDeliveries"/> deliveries, or past its reply-by deadline, a message goes to the dead-letter
/// queue with the reason and its delivery history; dead letters can be listed, read, redriven and purged;</item>
/// <item>a delivery never settled (the consumer died) is redelivered after <see cref="BusOptions.LeaseTimeout"/>.</item>
/// </list>
/// </summary>
public interface IMessageBus : IAsyncDisposable
{
    /// <summary>Publishes durably. Throws <see cref="Lightning.Core.Errors.ValidationFailedException"/> for an invalid message.</summary>
    Task<PublishResult> PublishAsync(CollaborationMessage message, CancellationToken cancellationToken);

    /// <summary>Starts consuming for an agent: its own messages, its capabilities' messages, and broadcasts.</summary>
    Task<IMessageConsumer> SubscribeAsync(Subscription subscription, CancellationToken cancellationToken);

    /// <summary>Dead letters, newest first.</summary>
    Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int limit, CancellationToken cancellationToken);

    Task<DeadLetter?> GetDeadLetterAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>Puts a dead letter back on its destination as a fresh delivery (attempt 0, history kept); false if there is no such dead letter.</summary>
    Task<bool> RedriveAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>Deletes one dead letter, or all of them when <paramref name="messageId"/> is null; returns how many.</summary>
    Task<int> PurgeDeadLettersAsync(string? messageId, CancellationToken cancellationToken);
}

public enum PublishOutcome
{
    /// <summary>Stored durably and routed.</summary>
    Accepted,
    /// <summary>A message with this id was published before: dropped.</summary>
    Duplicate,
}

public sealed record PublishResult(string MessageId, PublishOutcome Outcome);

/// <summary>Who consumes: an agent by name, with its capabilities, taking at most <see cref="Prefetch"/> unsettled deliveries at a time.</summary>
public sealed record Subscription(string Agent, IReadOnlyList<string> Capabilities, int Prefetch = 100);
