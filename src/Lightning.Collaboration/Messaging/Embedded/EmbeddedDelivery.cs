using Microsoft.Extensions.Logging;

namespace Lightning.Collaboration.Messaging.Embedded;

internal sealed class EmbeddedDelivery(EmbeddedConsumer consumer, long entryId, long token, CollaborationMessage message,
    IReadOnlyList<DeliveryAttempt> history) : Delivery(message, history)
{
    int _settled;

    public override Task AckAsync(CancellationToken cancellationToken) => SettleAsync(Settlement.Ack, null, cancellationToken);

    public override Task NackAsync(string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return SettleAsync(Settlement.Nack, reason, cancellationToken);
    }

    public override Task RejectAsync(string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return SettleAsync(Settlement.Reject, reason, cancellationToken);
    }

    async Task SettleAsync(Settlement settlement, string? reason, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _settled, 1) != 0)
        {
            throw new InvalidOperationException($"The delivery of message {Message.Id} is already settled.");
        }

        try
        {
            var settled = await consumer.Bus.SettleAsync(entryId, token, settlement, reason).WaitAsync(cancellationToken);
            if (!settled)
            {
                EmbeddedLog.SettledTooLate(consumer.Bus.Logger, settlement.ToString(), Message.Id);
            }
        }
        finally
        {
            consumer.ReleaseSlot();
        }
    }
}
