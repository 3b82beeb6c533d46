using System.Collections.Concurrent;
using Lightning.Collaboration.Messaging;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Lightning.Collaboration.RabbitMq;

/// <summary>
/// <see cref="IMessageBus"/> on RabbitMQ (3.10+, AMQP 0-9-1). Every name starts with the namespace prefix, so buses with
/// different prefixes never meet.
/// <para>Topology (all durable):</para>
/// <list type="bullet">
/// <item><c>{prefix}.agent.{name}</c> and <c>{prefix}.capability.{name}</c>: classic queues with <c>x-max-priority</c> 9, so among
/// ready messages the broker hands out higher priority first, then oldest first. A destination queue is declared by whoever
/// touches it first (publisher or subscriber), so a message sent before its receiver subscribes waits for it. Agent and
/// capability messages go through the default exchange (a direct exchange keyed by queue name).</item>
/// <item><c>{prefix}.broadcast</c>: a fanout exchange; every agent queue is bound to it when its agent subscribes, and the binding
/// is durable, so "every agent that has ever subscribed" is exactly the set of bound queues.</item>
/// <item><c>{prefix}.retry.{ms}</c>: wait queues for nack backoff, one per delay bucket (100 ms below 10 s, 1 s below 100 s,
/// 10 s above), with a queue-wide message TTL (so the head always expires first; no priorities here, which would let a later,
/// higher-priority message hold an expired one back) and the dead-letter exchange
/// <c>{prefix}.return</c>: a headers exchange where every destination queue is bound on <c>lightning-queue = its name</c>.
/// An expired message therefore lands back on the queue it came from, with its priority.</item>
/// <item><c>{prefix}.dead-letters</c>: the dead letters, each the message body plus reason, history and time in headers.</item>
/// </list>
/// <para>Guarantees and their limits:</para>
/// <list type="bullet">
/// <item>Publish: persistent messages on a channel with publisher confirms; <see cref="PublishAsync"/> returns when the broker
/// has confirmed. Concurrent publishers share the channel, so their confirms are pipelined.</item>
/// <item>Duplicates: RabbitMQ has none of its own; an <see cref="IPublishDeduplicator"/> decides, keyed <c>{prefix}/{id}</c>: claimed
/// before the send, confirmed after the broker's confirm, released when the send fails. The default remembers ids in this process
/// only (see <see cref="InMemoryPublishDeduplicator"/>); the server and workers share one in the platform's database
/// (<see cref="DatabasePublishDeduplicator"/>).</item>
/// <item>A broadcast reaches the agent queues bound at that moment; with no agent known yet it reaches no one (and is still
/// accepted).</item>
/// <item>Consume: one channel per subscription with a channel-wide prefetch (<c>basic.qos global</c>) across its queues, manual
/// acks. Nack and reject re-publish (to a wait queue or the dead letters), wait for the confirm, then ack the original: at
/// least once, never lost; a crash in between can duplicate the message.</item>
/// <item>Delivery history and attempts travel in headers (<c>lightning-history</c>, JSON) and in the message body.</item>
/// <item>Lease: RabbitMQ redelivers an unacked message when its channel or connection closes (a consumer that died), and when a
/// consumer holds a delivery past the broker's <c>consumer_timeout</c> (broker-wide, 30 min by default) it closes that
/// channel. <see cref="BusOptions.LeaseTimeout"/> is therefore not enforced per bus: the lease is the channel's life, bounded by
/// the broker's consumer timeout (RabbitMQ 3.10 has no per-queue consumer timeout). A redelivered message is counted (attempt + 1, a <c>lease-expired</c> entry) by putting it
/// back at the end of its queue before it is handed out, so a message that keeps crashing its consumers still reaches the
/// dead letters after <see cref="BusOptions.MaxDeliveries"/>. Deliveries prefetched but not yet received count too.</item>
/// <item>Reply-by is checked when a message reaches a consumer: past it, the message is dead-lettered (<c>expired</c>) instead of
/// delivered. A message that no one consumes stays in its queue past its deadline until someone does.</item>
/// <item>Dead letters are read by fetching the whole queue without ack and handing the messages back: fine for hundreds, slow for
/// many thousands (at most <see cref="MaxDeadLetterScan"/> are looked at). Reads are serialised within one bus; two processes
/// reading at once each see only part of the queue.</item>
/// </list>
/// </summary>
public sealed partial class RabbitMqMessageBus : IMessageBus
{
    /// <summary>The most dead letters one list, read, redrive or purge looks at.</summary>
    public const int MaxDeadLetterScan = 10_000;

    internal const string QueueHeader = "lightning-queue";
    internal const string HistoryHeader = "lightning-history";
    internal const string ReasonHeader = "lightning-reason";
    internal const string DeadAtHeader = "lightning-dead-at";

    readonly IConnection _connection;
    readonly string _prefix;
    readonly BusOptions _options;
    readonly TimeProvider _timeProvider;
    readonly ILogger _logger;
    readonly IPublishDeduplicator _deduplicator;
    readonly bool _ownsDeduplicator;
    readonly SemaphoreSlim _publishGate = new(1, 1);
    readonly SemaphoreSlim _deadLetterGate = new(1, 1);
    readonly ConcurrentDictionary<string, Task> _declared = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<RabbitMqConsumer, byte> _consumers = new();
    IChannel? _publishChannel;
    int _disposed;

    RabbitMqMessageBus(IConnection connection, string prefix, BusOptions options, TimeProvider timeProvider, ILogger logger, IPublishDeduplicator deduplicator,
        bool ownsDeduplicator)
    {
        _ownsDeduplicator = ownsDeduplicator;
        _connection = connection;
        _prefix = prefix;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _deduplicator = deduplicator;
    }

    internal string Prefix => _prefix;

    internal BusOptions Options => _options;

    internal TimeProvider Time => _timeProvider;

    internal ILogger Logger => _logger;

    internal IConnection Connection => _connection;

    string BroadcastExchange => _prefix + ".broadcast";

    string ReturnExchange => _prefix + ".return";

    string DeadLetterQueue => _prefix + ".dead-letters";

    /// <summary>Every queue and exchange name this bus declared (tests use it to clean up).</summary>
    internal IReadOnlyCollection<string> DeclaredNames => [.. _declared.Keys];

    /// <summary>
    /// Connects to <paramref name="amqpUri"/> (<c>amqp://user:password@host:port/vhost</c>) and declares the shared topology of
    /// <paramref name="prefix"/>.
    /// </summary>
    public static Task<RabbitMqMessageBus> ConnectAsync(
        Uri amqpUri,
        string prefix,
        BusOptions options,
        TimeProvider timeProvider,
        ILogger<RabbitMqMessageBus> logger,
        IPublishDeduplicator? deduplicator,
        CancellationToken cancellationToken) =>
        ConnectAsync(amqpUri, prefix, options, timeProvider, logger, deduplicator, ownsDeduplicator: false, cancellationToken);

    /// <summary>
    /// As above; with <paramref name="ownsDeduplicator"/> the bus disposes <paramref name="deduplicator"/> (when it is
    /// <see cref="IAsyncDisposable"/>) with itself, also when connecting fails.
    /// </summary>
    public static async Task<RabbitMqMessageBus> ConnectAsync(
        Uri amqpUri,
        string prefix,
        BusOptions options,
        TimeProvider timeProvider,
        ILogger<RabbitMqMessageBus> logger,
        IPublishDeduplicator? deduplicator,
        bool ownsDeduplicator,
        CancellationToken cancellationToken)
    {
        try
        {
            return await ConnectCoreAsync(amqpUri, prefix, options, timeProvider, logger, deduplicator, ownsDeduplicator, cancellationToken);
        }
        catch when (ownsDeduplicator && deduplicator is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
            throw;
        }
    }

    static async Task<RabbitMqMessageBus> ConnectCoreAsync(
        Uri amqpUri,
        string prefix,
        BusOptions options,
        TimeProvider timeProvider,
        ILogger<RabbitMqMessageBus> logger,
        IPublishDeduplicator? deduplicator,
        bool ownsDeduplicator,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(amqpUri);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);

        var factory = new ConnectionFactory
        {
            Uri = amqpUri,
            ClientProvidedName = "lightning-bus:" + prefix,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
        };
        var connection = await factory.CreateConnectionAsync(cancellationToken);
        var bus = new RabbitMqMessageBus(connection, prefix, options, timeProvider, logger, deduplicator ?? new InMemoryPublishDeduplicator(),
            ownsDeduplicator);
        try
        {
            await bus.DeclareSharedTopologyAsync(cancellationToken);
        }
        catch
        {
            await bus.DisposeAsync();
            throw;
        }

        Log.Connected(logger, $"{amqpUri.Host}:{amqpUri.Port}", prefix);
        return bus;
    }

    public async Task<PublishResult> PublishAsync(CollaborationMessage message, CancellationToken cancellationToken)
    {
        CollaborationMessageSerializer.Validate(message);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var body = CollaborationMessageSerializer.Serialize(message);

        var key = _prefix + "/" + message.Id;
        if (!await _deduplicator.TryClaimAsync(key, cancellationToken))
        {
            return new PublishResult(message.Id, PublishOutcome.Duplicate);
        }

        try
        {
            var properties = Properties(message, headers: null);
            if (message.Receiver.Kind == AddressKind.Broadcast)
            {
                await PublishRawAsync(BroadcastExchange, string.Empty, properties, body, cancellationToken);
            }
            else
            {
                var queue = QueueFor(message.Receiver);
                await EnsureDestinationQueueAsync(queue, cancellationToken);
                await PublishRawAsync(string.Empty, queue, properties, body, cancellationToken);
            }
        }
        catch
        {
            try
            {
                await _deduplicator.ReleaseAsync(key, CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The publish error is what the caller must see; an unreleased claim goes stale and a retry takes it over.
                Log.ReleaseClaimFailed(_logger, message.Id, ex);
            }

            throw;
        }

        try
        {
            await _deduplicator.ConfirmAsync(key, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The broker has the message: failing the publish would only invite a retry that delivers it twice.
            Log.ConfirmClaimFailed(_logger, message.Id, ex);
        }

        return new PublishResult(message.Id, PublishOutcome.Accepted);
    }

    public async Task<IMessageConsumer> SubscribeAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (subscription.Prefetch is < 1 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(subscription), subscription.Prefetch, $"Prefetch must be between 1 and {ushort.MaxValue}.");
        }

        var agentQueue = QueueFor(Address.Agent(subscription.Agent));
        var queues = new List<string> { agentQueue };
        queues.AddRange(subscription.Capabilities.Distinct(StringComparer.Ordinal).Select(c => QueueFor(Address.Capability(c))));
        foreach (var queue in queues)
        {
            await EnsureDestinationQueueAsync(queue, cancellationToken);
        }

        await EnsureDeclaredAsync("binding:" + agentQueue, channel => channel.QueueBindAsync(agentQueue, BroadcastExchange, string.Empty, cancellationToken: cancellationToken), cancellationToken);

        var consumer = await RabbitMqConsumer.StartAsync(this, subscription, queues, cancellationToken);
        _consumers.TryAdd(consumer, 0);
        return consumer;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var consumer in _consumers.Keys)
        {
            await consumer.DisposeAsync();
        }

        if (_publishChannel is { } channel)
        {
            await CloseQuietlyAsync(channel);
            channel.Dispose();
        }

        try
        {
            await _connection.CloseAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Already closed (broker gone): nothing left to release but the object.
        }

        _connection.Dispose();
        if (_ownsDeduplicator && _deduplicator is IAsyncDisposable deduplicator)
        {
            await deduplicator.DisposeAsync();
        }

        _publishGate.Dispose();
        _deadLetterGate.Dispose();
    }

    internal void Forget(RabbitMqConsumer consumer) => _consumers.TryRemove(consumer, out _);

    internal string QueueFor(Address address) => address.Kind switch
    {
        AddressKind.Agent => $"{_prefix}.agent.{address.Name}",
        AddressKind.Capability => $"{_prefix}.capability.{address.Name}",
        _ => throw new ArgumentException("A broadcast has no single queue.", nameof(address)),
    };

    internal static BasicProperties Properties(CollaborationMessage message, IDictionary<string, object?>? headers) => new()
    {
        MessageId = message.Id,
        CorrelationId = message.ConversationId,
        ContentType = "application/json",
        DeliveryMode = DeliveryModes.Persistent,
        Priority = (byte)message.Priority,
        Timestamp = new AmqpTimestamp(message.CreatedAt.ToUnixTimeSeconds()),
        Headers = headers,
    };

    /// <summary>Publishes on the shared confirm channel and returns once the broker has confirmed.</summary>
    internal async Task PublishRawAsync(string exchange, string routingKey, BasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var channel = await PublishChannelAsync(cancellationToken);
        await channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, body, cancellationToken);
    }

    /// <summary>Puts a message on its wait queue; it returns to <paramref name="queue"/> after <paramref name="delay"/> (rounded to its bucket).</summary>
    internal async Task<TimeSpan> PublishDelayedAsync(string queue, TimeSpan delay, BasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var bucket = DelayBucket(delay);
        var waitQueue = $"{_prefix}.retry.{(long)bucket.TotalMilliseconds}";
        await EnsureDeclaredAsync(waitQueue, channel => channel.QueueDeclareAsync(waitQueue, durable: true, exclusive: false, autoDelete: false,
            new Dictionary<string, object?>
            {
                ["x-message-ttl"] = (long)bucket.TotalMilliseconds,
                ["x-dead-letter-exchange"] = ReturnExchange,
            }, cancellationToken: cancellationToken), cancellationToken);
        await PublishRawAsync(string.Empty, waitQueue, properties, body, cancellationToken);
        return bucket;
    }

    /// <summary>Rounds a retry delay so that the number of wait queues stays small: 100 ms steps up to 10 s, 1 s up to 100 s, then 10 s.</summary>
    internal static TimeSpan DelayBucket(TimeSpan delay)
    {
        var ms = Math.Max(0, delay.TotalMilliseconds);
        var step = ms < 10_000 ? 100 : ms < 100_000 ? 1_000 : 10_000;
        return TimeSpan.FromMilliseconds(Math.Max(step, Math.Round(ms / step) * step));
    }

    async Task DeclareSharedTopologyAsync(CancellationToken cancellationToken)
    {
        await EnsureDeclaredAsync(BroadcastExchange, channel => channel.ExchangeDeclareAsync(BroadcastExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken), cancellationToken);
        await EnsureDeclaredAsync(ReturnExchange, channel => channel.ExchangeDeclareAsync(ReturnExchange, ExchangeType.Headers, durable: true, autoDelete: false, cancellationToken: cancellationToken), cancellationToken);
        await EnsureDeclaredAsync(DeadLetterQueue, channel => channel.QueueDeclareAsync(DeadLetterQueue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken), cancellationToken);
    }

    /// <summary>An agent or capability queue, bound to the return exchange so that retries find their way back.</summary>
    internal async Task EnsureDestinationQueueAsync(string queue, CancellationToken cancellationToken)
    {
        await EnsureDeclaredAsync(queue, async channel =>
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                new Dictionary<string, object?> { ["x-max-priority"] = (byte)9 }, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(queue, ReturnExchange, string.Empty,
                new Dictionary<string, object?> { ["x-match"] = "all", [QueueHeader] = queue }, cancellationToken: cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Declares once per bus (declarations are idempotent on the broker; this only saves round trips).</summary>
    async Task EnsureDeclaredAsync(string name, Func<IChannel, Task> declare, CancellationToken cancellationToken)
    {
        var task = _declared.GetOrAdd(name, _ => DeclareAsync(declare, cancellationToken));
        try
        {
            await task;
        }
        catch
        {
            _declared.TryRemove(new KeyValuePair<string, Task>(name, task));
            throw;
        }
    }

    async Task DeclareAsync(Func<IChannel, Task> declare, CancellationToken cancellationToken)
    {
        // A failed declaration closes its channel: a short-lived one keeps the publish channel out of harm's way.
        await using var channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await declare(channel);
        await CloseQuietlyAsync(channel);
    }

    async Task<IChannel> PublishChannelAsync(CancellationToken cancellationToken)
    {
        var channel = _publishChannel;
        if (channel is { IsOpen: true })
        {
            return channel;
        }

        await _publishGate.WaitAsync(cancellationToken);
        try
        {
            if (_publishChannel is { IsOpen: true } current)
            {
                return current;
            }

            if (_publishChannel is { } old)
            {
                old.Dispose();
            }

            _publishChannel = await _connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            return _publishChannel;
        }
        finally
        {
            _publishGate.Release();
        }
    }

    internal static async Task CloseQuietlyAsync(IChannel channel)
    {
        try
        {
            if (channel.IsOpen)
            {
                await channel.CloseAsync();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The channel or its connection is already gone; the broker has released what it held.
        }
    }
}
