using Lightning.Collaboration.Messaging;

namespace Lightning.Collaboration.RabbitMq;

/// <summary>
/// One delivery on a consumer's channel. Nack and reject republish first and ack the original only once the broker has
/// confirmed the copy, so a crash in between duplicates the message rather than losing it.
/// </summary>
internal sealed class RabbitMqDelivery(RabbitMqConsumer consumer, RabbitMqMessageBus bus, string queue, ulong deliveryTag, CollaborationMessage message, IReadOnlyList<DeliveryAttempt> history)
    : Delivery(message, history)
{
    int _settled;

    public override async Task AckAsync(CancellationToken cancellationToken)
    {
        Settle();
        await consumer.AmqpChannel.BasicAckAsync(deliveryTag, multiple: false, cancellationToken);
    }

    public override async Task NackAsync(string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        Settle();
        var attempts = History.Append(new DeliveryAttempt(Message.Attempt, bus.Time.GetUtcNow(), consumer.Name, "nack", reason)).ToList();
        await bus.RetryOrDeadLetterAsync(queue, Message, attempts, reason, cancellationToken);
        await consumer.AmqpChannel.BasicAckAsync(deliveryTag, multiple: false, cancellationToken);
    }

    public override async Task RejectAsync(string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        Settle();
        var attempts = History.Append(new DeliveryAttempt(Message.Attempt, bus.Time.GetUtcNow(), consumer.Name, "reject", reason)).ToList();
        await bus.DeadLetterAsync(queue, Message, attempts, reason, cancellationToken);
        await consumer.AmqpChannel.BasicAckAsync(deliveryTag, multiple: false, cancellationToken);
    }

    void Settle()
    {
        if (Interlocked.Exchange(ref _settled, 1) != 0)
        {
            throw new InvalidOperationException($"Delivery of message {Message.Id} was already settled.");
        }
    }
}
