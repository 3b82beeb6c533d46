using Lightning.Collaboration.Messaging;
using Lightning.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Lightning.Collaboration.Distributed;

/// <summary>
/// Publishes and keeps trying while the transport is down (a broker restarting, a connection recovering): a publish that
/// failed is retried with the same message id, so the bus's duplicate check keeps a retry that did land from being delivered twice.
/// Only a message the bus refuses as invalid fails at once.
/// </summary>
public static class BusPublisher
{
    static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);
    static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    /// <param name="giveUp">Asked before each retry; a non-null answer stops retrying and is thrown as the reason.</param>
    public static async Task PublishAsync(IMessageBus bus, CollaborationMessage message, ILogger logger, TimeProvider time,
        Func<CancellationToken, Task<string?>>? giveUp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(message);
        var delay = FirstDelay;
        while (true)
        {
            try
            {
                await bus.PublishAsync(message, cancellationToken);
                return;
            }
            catch (Exception ex) when (IsTransient(ex, cancellationToken))
            {
                Log.PublishRetry(logger, message.Id, message.Receiver.ToString(), ex.GetBaseException().Message, delay);
            }

            await Task.Delay(delay, time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            if (giveUp is not null && await giveUp(cancellationToken) is { } reason)
            {
                throw new LightningException(ErrorKind.Unavailable, "bus.publish_abandoned", reason);
            }
        }
    }

    static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        ObjectDisposedException or OutOfMemoryException => false,
        LightningException { Kind: ErrorKind.Invalid } => false,
        ArgumentException => false,
        _ => true,
    };
}
