namespace Lightning.Collaboration.Messaging;

/// <summary>
/// One delivery of a message to a consumer. Settle it exactly once; a second settlement throws
/// <see cref="InvalidOperationException"/>.
/// </summary>
public abstract class Delivery
{
    protected Delivery(CollaborationMessage message, IReadOnlyList<DeliveryAttempt> history)
    {
        Message = message;
        History = history;
    }

    /// <summary>The message; <see cref="CollaborationMessage.Attempt"/> counts earlier deliveries.</summary>
    public CollaborationMessage Message { get; }

    /// <summary>What happened to earlier deliveries of this message.</summary>
    public IReadOnlyList<DeliveryAttempt> History { get; }

    /// <summary>Done: the message is removed for good.</summary>
    public abstract Task AckAsync(CancellationToken cancellationToken);

    /// <summary>Failed this time: redeliver after the backoff, or dead-letter when the delivery limit is reached.</summary>
    public abstract Task NackAsync(string reason, CancellationToken cancellationToken);

    /// <summary>Never going to work (malformed, not understood): dead-letter now.</summary>
    public abstract Task RejectAsync(string reason, CancellationToken cancellationToken);
}

/// <summary>
/// One earlier delivery: when, to whom, and how it ended (<c>nack</c>, <c>reject</c>, <c>lease-expired</c>, <c>expired</c>).
/// <see cref="Attempt"/> is the message's <see cref="CollaborationMessage.Attempt"/> at that delivery: 0 for the first.
/// A broadcast's copies share the message id: the dead-letter operations by id act on the newest copy (redrive and purge on every copy where a bus keeps them apart).
/// </summary>
public sealed record DeliveryAttempt(int Attempt, DateTimeOffset At, string Consumer, string Outcome, string? Reason);

/// <summary>A message the bus gave up on, with why and what happened before.</summary>
public sealed record DeadLetter(CollaborationMessage Message, string Reason, IReadOnlyList<DeliveryAttempt> History, DateTimeOffset DeadAt);
