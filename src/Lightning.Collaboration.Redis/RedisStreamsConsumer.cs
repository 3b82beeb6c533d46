using System.Text.Json;
using Lightning.Collaboration.Messaging;
using StackExchange.Redis;

namespace Lightning.Collaboration.Redis;

/// <summary>
/// One subscription: reads one entry at a time, highest band first, while it holds fewer unsettled deliveries than its prefetch.
/// Disposing stops reading; what it held unsettled is pending in Redis and comes back through the lease reaper.
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

    /// <summary>The next ready delivery, or null when every stream is empty. Expired messages are dead-lettered on the way.</summary>
    async Task<RedisDelivery?> TryReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _bus.Database.ScriptEvaluateAsync(RedisBusScripts.ReadNext, _streams, _readArguments).WaitAsync(cancellationToken);
            if (result.IsNull)
            {
                return null;
            }

            var parts = (RedisResult[])result!;
            var stream = (string)parts[0]!;
            var entryId = (string)parts[1]!;
            var fields = (RedisResult[])parts[2]!;
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
                continue;
            }

            var delivery = new RedisDelivery(this, entry, message, history);
            if (message.ReplyBy is { } replyBy && replyBy < _bus.Time.GetUtcNow())
            {
                await delivery.DeadLetterAsync("expired", $"expired: reply-by {replyBy:O} passed before delivery", "reply-by passed", cancellationToken);
                continue;
            }

            return delivery;
        }
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
