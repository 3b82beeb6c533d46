using System.Text.Json;

namespace Lightning.Collaboration.Messaging.Embedded;

/// <summary>
/// A subscription on the embedded bus. Each receive leases one entry through the writer loop; with nothing ready it waits
/// for the bus signal, the next retry or lease expiry, or a short fallback poll.
/// </summary>
internal sealed class EmbeddedConsumer : IMessageConsumer
{
    readonly SemaphoreSlim _slots;
    readonly CancellationTokenSource _closed = new();
    int _disposed;

    public EmbeddedConsumer(EmbeddedMessageBus bus, long id, string agent, IReadOnlyList<string> queues, int prefetch)
    {
        Bus = bus;
        Id = id;
        Agent = agent;
        Queues = queues;
        _slots = new SemaphoreSlim(prefetch, prefetch);
    }

    public EmbeddedMessageBus Bus { get; }

    public long Id { get; }

    public string Agent { get; }

    public IReadOnlyList<string> Queues { get; }

    public async ValueTask<Delivery> ReceiveAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        var token = linked.Token;
        await _slots.WaitAsync(token);
        try
        {
            while (true)
            {
                ObjectDisposedException.ThrowIf(Bus.IsDisposed, Bus);
                var signal = Bus.Signal;
                // Not cancellable once queued: a lease granted to a caller who left would sit unused until it expired.
                var lease = await Bus.LeaseAsync(this);
                if (lease.Entry is { } entry)
                {
                    if (TryCreateDelivery(entry) is { } delivery)
                    {
                        return delivery;
                    }

                    continue;
                }

                await WaitAsync(signal, lease.WakeAt, token);
            }
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    async Task WaitAsync(Task signal, long? wakeAt, CancellationToken cancellationToken)
    {
        using var timers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waits = new List<Task>(3) { signal, Task.Delay(EmbeddedMessageBus.FallbackPoll, timers.Token) };
        if (wakeAt is { } at)
        {
            var delay = new DateTimeOffset(at, TimeSpan.Zero) - Bus.Time.GetUtcNow();
            if (delay <= TimeSpan.Zero)
            {
                return;
            }

            waits.Add(Task.Delay(delay, Bus.Time, timers.Token));
        }

        await Task.WhenAny(waits);
        await timers.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    EmbeddedDelivery? TryCreateDelivery(LeasedEntry entry)
    {
        CollaborationMessage message;
        try
        {
            message = CollaborationMessageSerializer.Deserialize(entry.Body) with { Attempt = entry.Deliveries - 1 };
        }
        catch (JsonException ex)
        {
            EmbeddedLog.Unreadable(Bus.Logger, ex);
            _ = Bus.SettleAsync(entry.Id, entry.Token, Settlement.Reject, "unreadable: " + ex.Message);
            return null;
        }

        return new EmbeddedDelivery(this, entry.Id, entry.Token, message, EmbeddedMessageBus.ReadHistory(entry.History));
    }

    internal void ReleaseSlot()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _closed.CancelAsync();
        if (!Bus.IsDisposed)
        {
            try
            {
                // What this consumer still holds goes back to the queue now, not after the lease timeout.
                await Bus.ReleaseAsync(Id);
            }
            catch (ObjectDisposedException)
            {
                // The bus closed first; its next open treats the leases as expired.
            }
        }

        // The semaphore and token source stay undisposed: a receive or settlement racing with this may still touch them,
        // and neither holds anything but memory here.
    }
}
