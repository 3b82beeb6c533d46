using Lightning.Collaboration.Messaging;
using Lightning.Collaboration.Messaging.Embedded;
using Lightning.Collaboration.RabbitMq;
using Lightning.Collaboration.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using StackExchange.Redis;

namespace Lightning.Benchmarks.Bus;

/// <summary>A bus opened fresh for one run (its own file, queue prefix or key prefix), and how to remove what the run left.</summary>
internal sealed record OpenedBus(IMessageBus Bus, Func<Task> CleanupAsync);

/// <summary>One of the compared buses: its name, its configuration in words, and how to open it in a fresh namespace.</summary>
internal sealed record BusTarget(string Name, string Configuration, Func<string, CancellationToken, Task<OpenedBus>> OpenAsync)
{
    public const string RabbitMqVariable = "LIGHTNING_TEST_RABBITMQ";
    public const string RedisVariable = "LIGHTNING_TEST_REDIS";

    public const string Embedded = "embedded";
    public const string RabbitMq = "RabbitMQ";
    public const string Redis = "Redis";

    /// <summary>The buses to compare; a bus whose service is not configured is left out with the reason in <paramref name="skipped"/>.</summary>
    public static List<BusTarget> Available(string? dataParent, BusOptions options, Dictionary<string, string> skipped)
    {
        var parent = dataParent ?? Path.GetTempPath();
        List<BusTarget> targets =
        [
            new(Embedded, $"SQLite journal in a fresh directory under {parent} (WAL, synchronous=FULL, group commit; bodies of 4 KiB or more in fsync'd segment files beside it), in this process",
                (name, _) =>
                {
                    var directory = Path.Combine(parent, "lightning-bench-bus-" + name);
                    Directory.CreateDirectory(directory);
                    var bus = new EmbeddedMessageBus(Path.Combine(directory, EmbeddedMessageBus.DefaultFileName), options, TimeProvider.System, NullLogger<EmbeddedMessageBus>.Instance);
                    return Task.FromResult(new OpenedBus(bus, () =>
                    {
                        Directory.Delete(directory, recursive: true);
                        return Task.CompletedTask;
                    }));
                }),
        ];

        var rabbit = Environment.GetEnvironmentVariable(RabbitMqVariable);
        if (string.IsNullOrWhiteSpace(rabbit))
        {
            skipped[RabbitMq] = $"{RabbitMqVariable} is not set (run scripts/services/rabbitmq.sh start and source /tmp/lightning-services/rabbitmq.env)";
        }
        else
        {
            var uri = new Uri(rabbit);
            targets.Add(new(RabbitMq, $"broker at {uri.Host}:{uri.Port}: classic durable queue with x-max-priority 9, persistent messages, publisher confirms "
                + "(one confirm channel shared by the publishers, so confirms are pipelined), channel prefetch, manual acks",
                async (name, cancellationToken) =>
                {
                    var bus = await RabbitMqMessageBus.ConnectAsync(uri, name, options, TimeProvider.System, NullLogger<RabbitMqMessageBus>.Instance, deduplicator: null, cancellationToken);
                    return new OpenedBus(bus, () => DeleteRabbitMqAsync(uri, name));
                }));
        }

        var redis = Environment.GetEnvironmentVariable(RedisVariable);
        if (string.IsNullOrWhiteSpace(redis))
        {
            skipped[Redis] = $"{RedisVariable} is not set (run scripts/services/redis.sh start and source /tmp/lightning-services/redis.env)";
        }
        else
        {
            targets.Add(new(Redis, "server of scripts/services/redis.sh: streams with consumer groups, append-only file with appendfsync always",
                async (name, cancellationToken) =>
                {
                    var bus = await RedisStreamsMessageBus.ConnectAsync(redis, name, options, TimeProvider.System, NullLogger<RedisStreamsMessageBus>.Instance, cancellationToken);
                    return new OpenedBus(bus, () => DeleteRedisAsync(redis, name));
                }));
        }

        return targets;
    }

    /// <summary>Deletes the queues and exchanges a run's prefix declared, so the broker does not collect them.</summary>
    static async Task DeleteRabbitMqAsync(Uri uri, string prefix)
    {
        var factory = new ConnectionFactory { Uri = uri };
        await using var connection = await factory.CreateConnectionAsync();
        foreach (var (name, exchange) in new[]
                 {
                     ($"{prefix}.agent.{BusBenchmark.Agent}", false), ($"{prefix}.dead-letters", false),
                     ($"{prefix}.broadcast", true), ($"{prefix}.return", true),
                 })
        {
            // One channel per deletion: a failed deletion closes its channel.
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                if (exchange)
                {
                    await channel.ExchangeDeleteAsync(name);
                }
                else
                {
                    await channel.QueueDeleteAsync(name);
                }
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
            }
        }
    }

    /// <summary>Deletes every key of a run's prefix, so the append-only file does not grow from run to run.</summary>
    static async Task DeleteRedisAsync(string configuration, string prefix)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        var database = connection.GetDatabase();
        var batch = new List<RedisKey>(1000);
        await foreach (var key in connection.GetServers()[0].KeysAsync(pattern: prefix + ":*", pageSize: 1000))
        {
            batch.Add(key);
            if (batch.Count == 1000)
            {
                await database.KeyDeleteAsync([.. batch]);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await database.KeyDeleteAsync([.. batch]);
        }
    }
}
