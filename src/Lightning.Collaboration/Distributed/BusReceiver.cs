using Lightning.Collaboration.Messaging;
using Microsoft.Extensions.Logging;

namespace Lightning.Collaboration.Distributed;

/// <summary>
/// The receiving end of a long-running consumer (the coordinator's replies, a worker's requests): a bus that fails to
/// deliver is asked again after a backoff that doubles from 200 ms to 5 s, so a broker restart never stops the loop.
/// </summary>
internal sealed class BusReceiver(IMessageConsumer consumer, TimeProvider time, ILogger logger)
{
    static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);
    static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    TimeSpan _backoff = FirstDelay;

    /// <summary>The next delivery, or null once <paramref name="stopping"/> is cancelled.</summary>
    public async Task<Delivery?> ReceiveAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var delivery = await consumer.ReceiveAsync(stopping);
                _backoff = FirstDelay;
                return delivery;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.ReceiveFailed(logger, ex, _backoff);
                await Task.Delay(_backoff, time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, MaxDelay.Ticks));
            }
        }

        return null;
    }
}
