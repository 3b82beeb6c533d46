using Lightning.Collaboration.Messaging;
using StackExchange.Redis;

namespace Lightning.Collaboration.Redis;

/// <summary>A pending stream entry handed to a consumer. Each settlement is one Lua script that starts with XACK (see <see cref="RedisBusScripts"/>).</summary>
internal sealed class RedisDelivery : Delivery
{
    readonly RedisStreamsConsumer _consumer;
    readonly Entry _entry;
    int _settled;

    public RedisDelivery(RedisStreamsConsumer consumer, Entry entry, CollaborationMessage message, IReadOnlyList<DeliveryAttempt> history)
        : base(message, history)
    {
        _consumer = consumer;
        _entry = entry;
    }

    RedisStreamsMessageBus Bus => _consumer.Bus;

    public override Task AckAsync(CancellationToken cancellationToken) =>
        SettleAsync(() => Bus.Database.ScriptEvaluateAsync(RedisBusScripts.Ack, [_entry.Stream], [_entry.Group, _entry.Id]), cancellationToken);

    public override Task NackAsync(string reason, CancellationToken cancellationToken)
    {
        var options = Bus.Options;
        var delivery = Message.Attempt + 1;
        if (delivery >= options.MaxDeliveries)
        {
            return SettleAsync(
                () => DeadLetterScript("nack", reason, $"{reason} (delivery {delivery} of {options.MaxDeliveries}, giving up)"), cancellationToken);
        }

        return SettleAsync(() =>
        {
            var now = Bus.Time.GetUtcNow();
#pragma warning disable CA5394 // Jitter, not security.
            var due = now + options.RetryDelay(delivery, Random.Shared.NextDouble());
#pragma warning restore CA5394
            var token = _entry.Stream + "|" + _entry.Id;
            var history = DeliveryHistoryJson.Serialize([.. History, Attempt("nack", reason, now)]);
            return Bus.Database.ScriptEvaluateAsync(
                RedisBusScripts.Retry,
                [_entry.Stream, Bus.Keys.Delayed, Bus.Keys.DelayedEntryPrefix + token],
                [_entry.Group, _entry.Id, due.ToUnixTimeMilliseconds(), token, _entry.MessageId, _entry.Body, delivery, history]);
        }, cancellationToken);
    }

    public override Task RejectAsync(string reason, CancellationToken cancellationToken) =>
        SettleAsync(() => DeadLetterScript("reject", reason, reason), cancellationToken);

    /// <summary>Puts a delivery read ahead but never handed out back on its stream unchanged (its consumer is closing).</summary>
    internal Task ReturnAsync() => Bus.Database.ScriptEvaluateAsync(
        RedisBusScripts.Return, [_entry.Stream], [_entry.Group, _entry.Id, _entry.MessageId, _entry.Body, _entry.Attempt, _entry.History ?? "[]"]);

    /// <summary>Dead-letters without ever handing the delivery out (reply-by passed); no prefetch slot is released twice.</summary>
    internal async Task DeadLetterAsync(string outcome, string deadReason, string historyReason, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _settled, 1);
        await DeadLetterScript(outcome, historyReason, deadReason).WaitAsync(cancellationToken);
    }

    Task<RedisResult> DeadLetterScript(string outcome, string historyReason, string deadReason)
    {
        var now = Bus.Time.GetUtcNow();
        var history = DeliveryHistoryJson.Serialize([.. History, Attempt(outcome, historyReason, now)]);
        Log.DeadLettered(Bus.Logger, Message.Id, _entry.Stream, deadReason);
        return Bus.Database.ScriptEvaluateAsync(
            RedisBusScripts.DeadLetter,
            [_entry.Stream, Bus.Keys.DeadLetters, Bus.Keys.DeadLetterIndex],
            [_entry.Group, _entry.Id, _entry.MessageId, _entry.Body, Message.Attempt + 1, history, deadReason, now.ToUnixTimeMilliseconds()]);
    }

    DeliveryAttempt Attempt(string outcome, string? reason, DateTimeOffset at) => new(Message.Attempt, at, _consumer.Name, outcome, reason);

    async Task SettleAsync(Func<Task<RedisResult>> settle, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _settled, 1, 0) != 0)
        {
            throw new InvalidOperationException($"Delivery of message {Message.Id} was already settled.");
        }

        try
        {
            // 0 means the lease had expired and the entry moved on already: the settlement is moot, not an error.
            await settle().WaitAsync(cancellationToken);
        }
        catch
        {
            Volatile.Write(ref _settled, 0);
            throw;
        }

        _consumer.ReleaseSlot();
    }

    internal sealed record Entry(string Stream, string Group, string Id, string MessageId, RedisValue Body, int Attempt, string? History);
}
