namespace Lightning.Collaboration.Messaging;

/// <summary>A running subscription. Disposing it stops delivery; unsettled deliveries are redelivered later to another consumer.</summary>
public interface IMessageConsumer : IAsyncDisposable
{
    /// <summary>Waits for the next delivery; blocks while the consumer holds its prefetch of unsettled ones.</summary>
    ValueTask<Delivery> ReceiveAsync(CancellationToken cancellationToken);
}
