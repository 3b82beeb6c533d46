using System.Globalization;
using System.Threading.Channels;
using Lightning.Collaboration.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Lightning.Collaboration.RabbitMq;

/// <summary>
/// One subscription: its own channel, a channel-wide prefetch over the agent's queue and its capability queues, manual acks.
/// Closing the channel hands every unacked delivery back to the broker.
/// </summary>
internal sealed class RabbitMqConsumer : IMessageConsumer
{
    readonly RabbitMqMessageBus _bus;
    readonly IChannel _channel;
    readonly string _name;
    readonly Dictionary<string, string> _queueByTag = new(StringComparer.Ordinal);
    readonly Channel<Delivery> _ready = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = true });
    int _disposed;

    RabbitMqConsumer(RabbitMqMessageBus bus, IChannel channel, string name)
    {
        _bus = bus;
        _channel = channel;
        _name = name;
    }

    internal IChannel AmqpChannel => _channel;

    internal string Name => _name;

    public static async Task<RabbitMqConsumer> StartAsync(RabbitMqMessageBus bus, Subscription subscription, IReadOnlyList<string> queues, CancellationToken cancellationToken)
    {
        var channel = await bus.Connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var consumer = new RabbitMqConsumer(bus, channel, subscription.Agent);
        try
        {
            // global: true makes the limit shared by all the consumers of this channel, i.e. by the whole subscription.
            await channel.BasicQosAsync(0, (ushort)subscription.Prefetch, global: true, cancellationToken);
            var basicConsumer = new AsyncEventingBasicConsumer(channel);
            basicConsumer.ReceivedAsync += consumer.OnReceivedAsync;
            var tags = queues.Select(queue => (Queue: queue, Tag: $"{subscription.Agent}.{Guid.NewGuid():N}")).ToList();
            foreach (var (queue, tag) in tags)
            {
                consumer._queueByTag[tag] = queue;
            }

            foreach (var (queue, tag) in tags)
            {
                await channel.BasicConsumeAsync(queue, autoAck: false, tag, basicConsumer, cancellationToken);
            }
        }
        catch
        {
            await consumer.DisposeAsync();
            throw;
        }

        return consumer;
    }

    public async ValueTask<Delivery> ReceiveAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return await _ready.Reader.ReadAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _ready.Writer.TryComplete();
        _bus.Forget(this);
        await RabbitMqMessageBus.CloseQuietlyAsync(_channel);
        _channel.Dispose();
    }

    async Task OnReceivedAsync(object sender, BasicDeliverEventArgs args)
    {
        // Which queue it came from: a broadcast copy has no routing key of its own, so ask the consumer tag.
        var queue = _queueByTag.TryGetValue(args.ConsumerTag, out var known) ? known : args.RoutingKey;
        CollaborationMessage message;
        IReadOnlyList<DeliveryAttempt> history;
        try
        {
            // The body is only valid during this callback.
            message = CollaborationMessageSerializer.Deserialize(args.Body.Span);
            history = RabbitMqMessageBus.ReadHistory(args.BasicProperties);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or NotSupportedException)
        {
            Log.Unreadable(_bus.Logger, queue, ex);
            await _channel.BasicRejectAsync(args.DeliveryTag, requeue: false);
            return;
        }

        try
        {
            var now = _bus.Time.GetUtcNow();
            if (args.Redelivered)
            {
                // Unacked when its channel closed: count the lost delivery, and put it at the back of the queue with that count.
                var attempt = message.Attempt + 1;
                const string LeaseLost = "the consumer closed before it was settled";
                var counted = history.Append(new DeliveryAttempt(message.Attempt, now, string.Empty, "lease-expired", LeaseLost)).ToList();
                if (attempt >= _bus.Options.MaxDeliveries)
                {
                    var reason = string.Create(CultureInfo.InvariantCulture, $"delivery limit reached ({_bus.Options.MaxDeliveries}): {LeaseLost}");
                    await _bus.DeadLetterAsync(queue, message with { Attempt = attempt }, counted, reason, CancellationToken.None);
                }
                else
                {
                    await _bus.RequeueAsync(queue, message with { Attempt = attempt }, counted, CancellationToken.None);
                }

                await _channel.BasicAckAsync(args.DeliveryTag, multiple: false);
                return;
            }

            if (message.ReplyBy is { } replyBy && replyBy <= now)
            {
                var expired = history.Append(new DeliveryAttempt(message.Attempt, now, _name, "expired", "reply-by passed")).ToList();
                await _bus.DeadLetterAsync(queue, message, expired, "expired", CancellationToken.None);
                await _channel.BasicAckAsync(args.DeliveryTag, multiple: false);
                return;
            }

            var delivery = new RabbitMqDelivery(this, _bus, queue, args.DeliveryTag, message, history);
            if (!_ready.Writer.TryWrite(delivery))
            {
                // Disposed meanwhile: the channel is closing and the broker takes the message back.
                return;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.DeliveryHandlingFailed(_bus.Logger, queue, ex);
        }
    }
}
