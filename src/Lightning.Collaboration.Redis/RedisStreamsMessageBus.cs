using Lightning.Collaboration.Messaging;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Lightning.Collaboration.Redis;

/// <summary>
/// The message bus on Redis Streams (Redis 7+, one server, <c>appendonly yes</c> + <c>appendfsync always</c> for durability).
/// <para>Layout, every key under <c>{prefix}:</c>:</para>
/// <list type="bullet">
/// <item>one stream per destination and priority: <c>q:agent:X:p0</c> … <c>q:agent:X:p9</c>, <c>q:capability:C:p0</c> … (ten bands, one
/// per priority, so the order is exact: highest priority first, then oldest first — except that a retried or lease-expired
/// message goes to the back of its band);</item>
/// <item>one consumer group per kind: <c>agent</c> on agent streams (the consumers are the subscriptions of that agent),
/// <c>capability</c> on capability streams (competing consumers across agents);</item>
/// <item>publish is one Lua script: <c>SET dedupe:{id} NX EX</c> (7 days) and the XADD, or for a broadcast an XADD to every
/// agent in the SET <c>agents</c> (filled at subscribe); the reply comes after the AOF fsync;</item>
/// <item>a consumer reads one entry at a time (XREADGROUP in a Lua script over its streams, highest band first, its own
/// agent's streams before its capabilities' in a band) while it holds fewer than its prefetch. StackExchange.Redis does
/// not allow blocking reads on the shared multiplexer, so an idle consumer polls with a delay growing from 5 to 50 ms;</item>
/// <item>ack: XACK + XDEL. nack: XACK + XDEL and the entry, with one more attempt and a history entry, waits in the ZSET
/// <c>delayed</c> (score = due time, ms) until the mover of any bus instance puts it back (Lua: ZRANGEBYSCORE, XADD, ZREM);
/// at <see cref="BusOptions.MaxDeliveries"/> it goes to the dead letters instead. reject and a passed reply-by: dead letters now;</item>
/// <item>dead letters: the stream <c>dead-letters</c> (fields: message, attempt, history, reason, dead-at, origin stream) and the
/// HASH <c>dead-letters:index</c> message id → entry id. A message id dead-lettered twice (broadcast copies) is found by id only
/// in its newest copy; the older copies are still listed and purged by "purge all";</item>
/// <item>leases: every bus instance runs XAUTOCLAIM (in Lua) over every known destination; a delivery idle longer than
/// <see cref="BusOptions.LeaseTimeout"/> goes back to the end of its stream with a <c>lease-expired</c> history entry and one
/// more delivery counted, or to the dead letters at the limit.</item>
/// </list>
/// History entries number deliveries from 1: entry n is what happened to the delivery whose message had <c>Attempt</c> n − 1.
/// </summary>
public sealed class RedisStreamsMessageBus : IMessageBus
{
    static readonly TimeSpan MoverInterval = TimeSpan.FromMilliseconds(50);
    const int MoverBatch = 200;

    readonly IConnectionMultiplexer _connection;
    readonly bool _ownsConnection;
    readonly CancellationTokenSource _stopping = new();
    readonly Task _maintenance;
    int _disposed;

    /// <summary>A bus on an open connection, which it does not dispose.</summary>
    public RedisStreamsMessageBus(IConnectionMultiplexer connection, string keyPrefix, BusOptions options, TimeProvider timeProvider, ILogger<RedisStreamsMessageBus> logger)
        : this(connection, ownsConnection: false, keyPrefix, options, timeProvider, logger)
    {
    }

    RedisStreamsMessageBus(IConnectionMultiplexer connection, bool ownsConnection, string keyPrefix, BusOptions options, TimeProvider timeProvider, ILogger<RedisStreamsMessageBus> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPrefix);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _connection = connection;
        _ownsConnection = ownsConnection;
        Keys = new RedisBusKeys(keyPrefix);
        Options = options;
        Time = timeProvider;
        Logger = logger;
        _maintenance = Task.Run(() => RunMaintenanceAsync(_stopping.Token));
    }

    /// <summary>How long a published id is remembered, so that publishing it again is a duplicate.</summary>
    public static TimeSpan DedupeRetention { get; } = BusOptions.DefaultDeduplicationWindow;

    internal RedisBusKeys Keys { get; }

    internal BusOptions Options { get; }

    internal TimeProvider Time { get; }

    internal ILogger Logger { get; }

    internal IDatabase Database => _connection.GetDatabase();

    /// <summary>Connects with a StackExchange.Redis configuration string (e.g. <c>127.0.0.1:6390,password=…</c>); the bus owns that connection.</summary>
    public static async Task<RedisStreamsMessageBus> ConnectAsync(
        string configuration, string keyPrefix, BusOptions options, TimeProvider timeProvider, ILogger<RedisStreamsMessageBus> logger, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        var connection = await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(cancellationToken);
        try
        {
            return new RedisStreamsMessageBus(connection, ownsConnection: true, keyPrefix, options, timeProvider, logger);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<PublishResult> PublishAsync(CollaborationMessage message, CancellationToken cancellationToken)
    {
        CollaborationMessageSerializer.Validate(message);
        var body = CollaborationMessageSerializer.Serialize(message);
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();

        var broadcast = message.Receiver.Kind == AddressKind.Broadcast;
        RedisKey target = broadcast ? Keys.Prefix + ":q:broadcast" : Keys.Stream(RedisBusKeys.Destination(message.Receiver), message.Priority);
        var accepted = (long)await Database.ScriptEvaluateAsync(
            RedisBusScripts.Publish,
            [Keys.Dedupe(message.Id), Keys.Agents, target],
            [
                (long)DedupeRetention.TotalSeconds, message.Id, body, broadcast ? "broadcast" : "direct",
                Keys.AgentStreamPrefix, RedisBusKeys.BandSuffix(message.Priority),
            ]).WaitAsync(cancellationToken);
        return new PublishResult(message.Id, accepted == 1 ? PublishOutcome.Accepted : PublishOutcome.Duplicate);
    }

    public async Task<IMessageConsumer> SubscribeAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentOutOfRangeException.ThrowIfLessThan(subscription.Prefetch, 1, nameof(subscription));
        ThrowIfDisposed();
        var destinations = new List<string> { RedisBusKeys.Destination(Address.Agent(subscription.Agent)) };
        destinations.AddRange(subscription.Capabilities.Distinct(StringComparer.Ordinal).Select(c => RedisBusKeys.Destination(Address.Capability(c))));

        // Streams in reading order: band 9 of every destination first; in a band, the agent's own stream before its capabilities'.
        var streams = new List<RedisKey>();
        var groups = new List<RedisValue>();
        for (var priority = RedisBusKeys.Bands - 1; priority >= 0; priority--)
        {
            foreach (var destination in destinations)
            {
                streams.Add(Keys.Stream(destination, priority));
                groups.Add(RedisBusKeys.Group(destination));
            }
        }

        var database = Database;
        await database.SetAddAsync(Keys.Agents, subscription.Agent).WaitAsync(cancellationToken);
        await database.SetAddAsync(Keys.Destinations, [.. destinations.Select(d => (RedisValue)d)]).WaitAsync(cancellationToken);
        await database.ScriptEvaluateAsync(RedisBusScripts.CreateGroups, [.. streams], [.. groups]).WaitAsync(cancellationToken);

        var consumerName = subscription.Agent + "/" + Guid.NewGuid().ToString("N")[..12];
        return new RedisStreamsConsumer(this, consumerName, subscription.Prefetch, [.. streams], [consumerName, .. groups]);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0)
        {
            return [];
        }

        var entries = await Database.StreamRangeAsync(Keys.DeadLetters, "-", "+", limit, Order.Descending).WaitAsync(cancellationToken);
        return [.. entries.Select(ToDeadLetter).OfType<DeadLetter>()];
    }

    public async Task<DeadLetter?> GetDeadLetterAsync(string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        var database = Database;
        var entryId = await database.HashGetAsync(Keys.DeadLetterIndex, messageId).WaitAsync(cancellationToken);
        if (entryId.IsNull)
        {
            return null;
        }

        var entries = await database.StreamRangeAsync(Keys.DeadLetters, entryId, entryId, 1).WaitAsync(cancellationToken);
        return entries.Length == 0 ? null : ToDeadLetter(entries[0]);
    }

    public async Task<bool> RedriveAsync(string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        var result = await Database.ScriptEvaluateAsync(RedisBusScripts.Redrive, [Keys.DeadLetters, Keys.DeadLetterIndex], [messageId]).WaitAsync(cancellationToken);
        return (long)result == 1;
    }

    public async Task<int> PurgeDeadLettersAsync(string? messageId, CancellationToken cancellationToken)
    {
        var result = await Database.ScriptEvaluateAsync(RedisBusScripts.Purge, [Keys.DeadLetters, Keys.DeadLetterIndex], [messageId ?? string.Empty]).WaitAsync(cancellationToken);
        return (int)(long)result;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        try
        {
            await _maintenance;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stopping.Dispose();
        if (_ownsConnection)
        {
            await _connection.DisposeAsync();
        }
    }

    internal long NowMilliseconds() => Time.GetUtcNow().ToUnixTimeMilliseconds();

    void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    DeadLetter? ToDeadLetter(StreamEntry entry)
    {
        try
        {
            var message = CollaborationMessageSerializer.Deserialize((byte[])entry["m"]!) with { Attempt = (int)entry["a"] };
            return new DeadLetter(message, entry["r"].ToString(), DeliveryHistoryJson.Parse(entry["h"]), DateTimeOffset.FromUnixTimeMilliseconds((long)entry["t"]));
        }
        catch (System.Text.Json.JsonException ex)
        {
            Log.UnreadableEntry(Logger, entry.Id.ToString(), Keys.DeadLetters.ToString(), ex);
            return null;
        }
    }

    /// <summary>Moves due retries back (every 50 ms) and reaps expired leases (every quarter lease, 100 ms to 5 s), in every bus instance.</summary>
    async Task RunMaintenanceAsync(CancellationToken cancellationToken)
    {
        var reapInterval = TimeSpan.FromTicks(Math.Clamp(Options.LeaseTimeout.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(5).Ticks));
        var nextReap = Time.GetUtcNow() + reapInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            var delay = MoverInterval;
            try
            {
                await MoveDueRetriesAsync(cancellationToken);
                if (Time.GetUtcNow() >= nextReap)
                {
                    await ReapExpiredLeasesAsync(cancellationToken);
                    nextReap = Time.GetUtcNow() + reapInterval;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Whatever went wrong (connection lost, server restarting), the loop must outlive it: retries and leases depend on it.
                Log.MaintenanceFailed(Logger, ex);
                delay = TimeSpan.FromSeconds(1);
            }

            await Task.Delay(delay, Time, cancellationToken);
        }
    }

    internal async Task<long> MoveDueRetriesAsync(CancellationToken cancellationToken)
    {
        var moved = await Database.ScriptEvaluateAsync(
            RedisBusScripts.MoveDue, [Keys.Delayed], [NowMilliseconds(), MoverBatch, Keys.DelayedEntryPrefix]).WaitAsync(cancellationToken);
        return (long)moved;
    }

    internal async Task<long> ReapExpiredLeasesAsync(CancellationToken cancellationToken)
    {
        var database = Database;
        var destinations = await database.SetMembersAsync(Keys.Destinations).WaitAsync(cancellationToken);
        if (destinations.Length == 0)
        {
            return 0;
        }

        var keys = new List<RedisKey> { Keys.DeadLetters, Keys.DeadLetterIndex };
        var arguments = new List<RedisValue>
        {
            (long)Math.Max(1, Options.LeaseTimeout.TotalMilliseconds),
            NowMilliseconds(),
            Options.MaxDeliveries,
            $"lease expired: not settled within {Options.LeaseTimeout}",
        };
        foreach (var destination in destinations.Select(d => d.ToString()))
        {
            for (var priority = RedisBusKeys.Bands - 1; priority >= 0; priority--)
            {
                keys.Add(Keys.Stream(destination, priority));
                arguments.Add(RedisBusKeys.Group(destination));
            }
        }

        var reaped = (long)await database.ScriptEvaluateAsync(RedisBusScripts.ReapExpiredLeases, [.. keys], [.. arguments]).WaitAsync(cancellationToken);
        if (reaped > 0)
        {
            Log.LeasesReaped(Logger, reaped, Options.LeaseTimeout);
        }

        return reaped;
    }
}
