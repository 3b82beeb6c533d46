using System.Text.Json;
using Lightning.Collaboration.Messaging;
using StackExchange.Redis;

namespace Lightning.Collaboration.Redis;

/// <summary>
/// One subscription: reads as many entries as it has free prefetch slots, from the highest band that has any, while it holds
/// fewer unsettled deliveries than its prefetch.
/// Disposing stops reading and gives back what was read ahead; what it held unsettled is pending in Redis and comes back
/// through the lease reaper.
/// </summary>
internal sealed class RedisStreamsConsumer : IMessageConsumer
{
    static readonly TimeSpan MinPoll = TimeSpan.FromMilliseconds(5);
    static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(50);
    static readonly TimeSpan ConnectionRetryDelay = TimeSpan.FromSeconds(1);

    readonly RedisStreamsMessageBus _bus;
    readonly RedisKey[] _streams;
    readonly RedisValue[] _readArguments;
    readonly SemaphoreSlim _slots;
    readonly CancellationTokenSource _disposing = new();
    readonly System.Collections.Concurrent.ConcurrentQueue<RedisDelivery> _leftovers = new();
    int _disposed;

    public RedisStreamsConsumer(RedisStreamsMessageBus bus, string name, int prefetch, RedisKey[] streams, RedisValue[] readArguments)
    {
        _bus = bus;
        Name = name;
        _streams = streams;
        _readArguments = readArguments;
        _slots = new SemaphoreSlim(prefetch, prefetch);
    }

    public string Name { get; }

    internal RedisStreamsMessageBus Bus => _bus;

    public async ValueTask<Delivery> ReceiveAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        var token = linked.Token;
        await _slots.WaitAsync(token);
        try
        {
            var poll = MinPoll;
            while (true)
            {
                token.ThrowIfCancellationRequested();
                if (_leftovers.TryDequeue(out var leftover))
                {
                    return leftover;
                }

                // The read itself is not cancelled: once the server has moved an entry into our pending list it must reach a
                // caller, or it would sit there until its lease expires. A read that finishes after the caller gave up is kept
                // for the next receive.
                var read = TryReadAsync(CancellationToken.None);
                try
                {
                    if (await read.WaitAsync(token) is { } delivery)
                    {
                        return delivery;
                    }
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    _ = read.ContinueWith(KeepLeftover, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    throw;
                }
                catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
                {
                    // The multiplexer reconnects by itself; a blip should not end the agent's receive loop.
                    Log.ReceiveFailed(_bus.Logger, Name, ex);
                    await Task.Delay(ConnectionRetryDelay, _bus.Time, token);
                    continue;
                }

                await Task.Delay(poll, _bus.Time, token);
                poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, MaxPoll.Ticks));
            }
        }
        catch
        {
            ReleaseSlot();
            throw;
        }
    }

    /// <summary>
    /// The next ready delivery, or null when every stream is empty. One read takes as many entries as this consumer has
    /// free prefetch slots: the first is returned, the rest wait in <see cref="_leftovers"/> for the next receives (they
    /// are leased to this consumer, and each still takes a slot when handed out). Expired messages are dead-lettered on
    /// the way; unreadable ones are skipped.
    /// </summary>
    async Task<RedisDelivery?> TryReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            // The slot this receive holds, plus the ones free now.
            var count = Math.Max(1, _slots.CurrentCount + 1);
            RedisValue[] arguments = [.. _readArguments, count];
            var result = await _bus.Database.ScriptEvaluateAsync(RedisBusScripts.ReadNext, _streams, arguments).WaitAsync(cancellationToken);
            if (result.IsNull)
            {
                return null;
            }

            var parts = (RedisResult[])result!;
            var stream = (string)parts[0]!;
            RedisDelivery? first = null;
            foreach (var raw in (RedisResult[])parts[1]!)
            {
                var pair = (RedisResult[])raw!;
                if (await ReadyAsync(stream, (string)pair[0]!, (RedisResult[])pair[1]!, cancellationToken) is not { } delivery)
                {
                    continue;
                }

                if (first is null)
                {
                    first = delivery;
                }
                else
                {
                    _leftovers.Enqueue(delivery);
                }
            }

            if (first is not null)
            {
                return first;
            }
        }
    }

    /// <summary>One entry as a delivery, or null when it cannot be read (skipped) or has expired (dead-lettered).</summary>
    async Task<RedisDelivery?> ReadyAsync(string stream, string entryId, RedisResult[] fields, CancellationToken cancellationToken)
    {
        var entry = new RedisDelivery.Entry(stream, RedisBusKeys.Group(DestinationOf(stream)), entryId, Field(fields, "i").ToString(),
            Field(fields, "m"), (int)Field(fields, "a"), Field(fields, "h").ToString());

        CollaborationMessage message;
        IReadOnlyList<DeliveryAttempt> history;
        try
        {
            message = CollaborationMessageSerializer.Deserialize((byte[])entry.Body!) with { Attempt = entry.Attempt };
            history = DeliveryHistoryJson.Parse(entry.History);
        }
        catch (JsonException ex)
        {
            Log.UnreadableEntry(_bus.Logger, entryId, stream, ex);
            return null;
        }

        var delivery = new RedisDelivery(this, entry, message, history);
        if (message.ReplyBy is { } replyBy && replyBy < _bus.Time.GetUtcNow())
        {
            await delivery.DeadLetterAsync("expired", $"expired: reply-by {replyBy:O} passed before delivery", "reply-by passed", cancellationToken);
            return null;
        }

        return delivery;
    }

    static void KeepLeftover(Task<RedisDelivery?> read, object? state)
    {
        if (read.IsCompletedSuccessfully && read.Result is { } delivery)
        {
            ((RedisStreamsConsumer)state!)._leftovers.Enqueue(delivery);
        }
    }

    internal void ReleaseSlot()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            _slots.Release();
        }
        catch (ObjectDisposedException)
        {
            // Disposed meanwhile: nobody waits for the slot any more.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _disposing.CancelAsync();
        // Entries read ahead but never handed out go back to their streams now, not after a lease timeout.
        while (_leftovers.TryDequeue(out var leftover))
        {
            try
            {
                await leftover.ReturnAsync();
            }
            catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
            {
                // Unreachable: the lease reaper gives it back later.
                Log.ReceiveFailed(_bus.Logger, Name, ex);
            }
        }

        _disposing.Dispose();
        _slots.Dispose();
    }

    string DestinationOf(string stream)
    {
        // {prefix}:q:{kind}:{name}:p{n}
        var start = _bus.Keys.Prefix.Length + ":q:".Length;
        return stream[start..stream.LastIndexOf(':')];
    }

    static RedisValue Field(RedisResult[] fields, string name)
    {
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            if ((string?)fields[i] == name)
            {
                return (RedisValue)fields[i + 1];
            }
        }

        return RedisValue.Null;
    }
}
