using System.Text.Json;

namespace Lightning.Collaboration.Messaging.Embedded;

/// <summary>
/// A subscription on the embedded bus. A receive with nothing buffered leases, in one turn of the writer loop, as many
/// entries as the consumer has free prefetch slots (at most <see cref="MaxLeaseBatch"/>), hands out the first and keeps
/// the rest for the next receives, each already holding its slot, as a broker fills its prefetch window. With nothing
/// ready it waits for the bus signal, the next retry or lease expiry, or a short fallback poll.
/// </summary>
internal sealed class EmbeddedConsumer : IMessageConsumer
{
    const int MaxLeaseBatch = 64;

    readonly SemaphoreSlim _slots;
    readonly CancellationTokenSource _closed = new();
    readonly Queue<LeasedEntry> _buffered = new();
    readonly Lock _bufferGate = new();
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

        // A buffered entry already holds its slot.
        while (TryTakeBuffered() is { } buffered)
        {
            if (TryCreateDelivery(buffered) is { } delivery)
            {
                return delivery;
            }
        }

        await _slots.WaitAsync(token);
        try
        {
            while (true)
            {
                ObjectDisposedException.ThrowIf(Bus.IsDisposed, Bus);
                var signal = Bus.Signal;
                var extra = 0;
                while (extra < MaxLeaseBatch - 1 && _slots.Wait(0, CancellationToken.None))
                {
                    extra++;
                }

                // Not cancellable once queued: a lease granted to a caller who left would sit unused until it expired.
                var lease = await Bus.LeaseAsync(this, 1 + extra);
                var kept = Math.Max(0, lease.Entries.Count - 1);
                if (extra > kept)
                {
                    _slots.Release(extra - kept);
                }

                if (lease.Entries.Count == 0)
                {
                    await WaitAsync(signal, lease.WakeAt, token);
                    continue;
                }

                lock (_bufferGate)
                {
                    foreach (var entry in lease.Entries.Skip(1))
                    {
                        _buffered.Enqueue(entry);
                    }
                }

                if (TryCreateDelivery(lease.Entries[0]) is { } delivery)
                {
                    return delivery;
                }

                // Unreadable (already rejected): its slot passes to the next buffered entry, or to a new lease.
                if (TryTakeBuffered() is { } next)
                {
                    _slots.Release();
                    if (TryCreateDelivery(next) is { } nextDelivery)
                    {
                        return nextDelivery;
                    }

                    await _slots.WaitAsync(token);
                }
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

    LeasedEntry? TryTakeBuffered()
    {
        lock (_bufferGate)
        {
            return _buffered.TryDequeue(out var entry) ? entry : null;
        }
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
                // Entries leased ahead but never handed out go back as if never delivered; what the application
                // still holds goes back now (counted), not after the lease timeout.
                List<LeasedEntry> unused;
                lock (_bufferGate)
                {
                    unused = [.. _buffered];
                    _buffered.Clear();
                }

                if (unused.Count > 0)
                {
                    await Bus.UnleaseAsync(unused);
                }

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
