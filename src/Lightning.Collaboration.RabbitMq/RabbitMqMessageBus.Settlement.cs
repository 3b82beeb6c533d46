using System.Globalization;
using System.Text;
using System.Text.Json;
using Lightning.Collaboration.Messaging;
using RabbitMQ.Client;

namespace Lightning.Collaboration.RabbitMq;

// What happens to a delivery that is not simply acked: retries, dead letters, and the headers they carry.
public sealed partial class RabbitMqMessageBus
{
    /// <summary>Republishes a failed delivery to its wait queue (or to the dead letters at the delivery limit).</summary>
    internal async Task RetryOrDeadLetterAsync(string queue, CollaborationMessage message, IReadOnlyList<DeliveryAttempt> history, string reason, CancellationToken cancellationToken)
    {
        var deliveries = message.Attempt + 1;
        if (deliveries >= _options.MaxDeliveries)
        {
            await DeadLetterAsync(queue, message, history, string.Create(CultureInfo.InvariantCulture, $"delivery limit reached ({_options.MaxDeliveries}): {reason}"), cancellationToken);
            return;
        }

        var retry = message with { Attempt = deliveries };
        var delay = _options.RetryDelay(deliveries, Random.Shared.NextDouble());
        var properties = Properties(retry, Headers(queue, history));
        var bucket = await PublishDelayedAsync(queue, delay, properties, CollaborationMessageSerializer.Serialize(retry), cancellationToken);
        Log.RetryScheduled(_logger, message.Id, bucket, deliveries);
    }

    /// <summary>Puts a message straight back at the end of its queue, with its attempt and history as given.</summary>
    internal Task RequeueAsync(string queue, CollaborationMessage message, IReadOnlyList<DeliveryAttempt> history, CancellationToken cancellationToken) =>
        PublishRawAsync(string.Empty, queue, Properties(message, Headers(queue, history)), CollaborationMessageSerializer.Serialize(message), cancellationToken);

    internal async Task DeadLetterAsync(string queue, CollaborationMessage message, IReadOnlyList<DeliveryAttempt> history, string reason, CancellationToken cancellationToken)
    {
        var headers = Headers(queue, history);
        headers[ReasonHeader] = reason;
        headers[DeadAtHeader] = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        await PublishRawAsync(string.Empty, DeadLetterQueue, Properties(message, headers), CollaborationMessageSerializer.Serialize(message), cancellationToken);
        Log.DeadLettered(_logger, message.Id, queue, reason);
    }

    internal static Dictionary<string, object?> Headers(string queue, IReadOnlyList<DeliveryAttempt> history) => new(StringComparer.Ordinal)
    {
        [QueueHeader] = queue,
        [HistoryHeader] = JsonSerializer.Serialize(history, CollaborationMessageSerializer.Options),
    };

    internal static IReadOnlyList<DeliveryAttempt> ReadHistory(IReadOnlyBasicProperties properties) =>
        ReadString(properties, HistoryHeader) is { Length: > 0 } json
            ? JsonSerializer.Deserialize<List<DeliveryAttempt>>(json, CollaborationMessageSerializer.Options) ?? []
            : [];

    /// <summary>A header as text: the client hands AMQP long strings over as bytes.</summary>
    internal static string? ReadString(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers is { } headers && headers.TryGetValue(name, out var value)
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                string text => text,
                null => null,
                _ => Convert.ToString(value, CultureInfo.InvariantCulture),
            }
            : null;

    internal static long? ReadLong(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers is { } headers && headers.TryGetValue(name, out var value)
            ? value switch
            {
                long number => number,
                int number => number,
                byte[] bytes when long.TryParse(Encoding.UTF8.GetString(bytes), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => null,
            }
            : null;
}
