using Lightning.Collaboration.Messaging;
using RabbitMQ.Client;

namespace Lightning.Collaboration.RabbitMq;

// Dead letters live in one durable queue. AMQP can only read a queue by taking messages, so every operation takes the whole
// queue without acking (basic.get), acks what it removes, and closes its channel, which hands the rest back to the broker.
public sealed partial class RabbitMqMessageBus
{
    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 0);
        return await WithDeadLettersAsync(
            (_, letters) => Task.FromResult<IReadOnlyList<DeadLetter>>([.. letters.Select(l => l.Letter).OrderByDescending(l => l.DeadAt).Take(limit)]),
            cancellationToken);
    }

    public Task<DeadLetter?> GetDeadLetterAsync(string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        return WithDeadLettersAsync(
            (_, letters) => Task.FromResult(letters.Select(l => l.Letter).Where(l => l.Message.Id == messageId).OrderByDescending(l => l.DeadAt).FirstOrDefault()),
            cancellationToken);
    }

    public Task<bool> RedriveAsync(string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        return WithDeadLettersAsync(async (channel, letters) =>
        {
            var found = false;
            foreach (var stored in letters.Where(l => l.Letter.Message.Id == messageId))
            {
                var fresh = stored.Letter.Message with { Attempt = 0 };
                await EnsureDestinationQueueAsync(stored.Queue, cancellationToken);
                await PublishRawAsync(string.Empty, stored.Queue, Properties(fresh, Headers(stored.Queue, stored.Letter.History)),
                    CollaborationMessageSerializer.Serialize(fresh), cancellationToken);
                await channel.BasicAckAsync(stored.DeliveryTag, multiple: false, cancellationToken);
                found = true;
            }

            return found;
        }, cancellationToken);
    }

    public async Task<int> PurgeDeadLettersAsync(string? messageId, CancellationToken cancellationToken)
    {
        if (messageId is null)
        {
            await _deadLetterGate.WaitAsync(cancellationToken);
            try
            {
                await using var channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
                var purged = await channel.QueuePurgeAsync(DeadLetterQueue, cancellationToken);
                await CloseQuietlyAsync(channel);
                return checked((int)purged);
            }
            finally
            {
                _deadLetterGate.Release();
            }
        }

        return await WithDeadLettersAsync(async (channel, letters) =>
        {
            var count = 0;
            foreach (var stored in letters.Where(l => l.Letter.Message.Id == messageId))
            {
                await channel.BasicAckAsync(stored.DeliveryTag, multiple: false, cancellationToken);
                count++;
            }

            return count;
        }, cancellationToken);
    }

    async Task<T> WithDeadLettersAsync<T>(Func<IChannel, IReadOnlyList<StoredDeadLetter>, Task<T>> use, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _deadLetterGate.WaitAsync(cancellationToken);
        try
        {
            await using var channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
            var letters = new List<StoredDeadLetter>();
            while (letters.Count < MaxDeadLetterScan && await channel.BasicGetAsync(DeadLetterQueue, autoAck: false, cancellationToken) is { } result)
            {
                try
                {
                    letters.Add(Read(result));
                }
                catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException)
                {
                    // Not ours (written by hand or by another version): leave it where it is.
                    Log.Unreadable(_logger, DeadLetterQueue, ex);
                }
            }

            var answer = await use(channel, letters);
            // Closing the channel returns every message not acked above to the queue.
            await CloseQuietlyAsync(channel);
            return answer;
        }
        finally
        {
            _deadLetterGate.Release();
        }
    }

    StoredDeadLetter Read(BasicGetResult result)
    {
        var message = CollaborationMessageSerializer.Deserialize(result.Body.Span);
        var properties = result.BasicProperties;
        var deadAt = ReadLong(properties, DeadAtHeader) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.MinValue;
        var queue = ReadString(properties, QueueHeader)
            ?? (message.Receiver.Kind == AddressKind.Broadcast ? throw new FormatException($"Dead letter {message.Id} has no queue header.") : QueueFor(message.Receiver));
        var letter = new DeadLetter(message, ReadString(properties, ReasonHeader) ?? "unknown", ReadHistory(properties), deadAt);
        return new StoredDeadLetter(letter, queue, result.DeliveryTag);
    }

    sealed record StoredDeadLetter(DeadLetter Letter, string Queue, ulong DeliveryTag);
}
