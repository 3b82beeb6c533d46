using Lightning.Collaboration.Messaging;
using Lightning.TestUtilities.Messaging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Lightning.Collaboration.Redis.Tests;

/// <summary>The shared bus contract against the real Redis server; the namespace becomes the key prefix.</summary>
public sealed class RedisStreamsMessageBusConformanceTests : MessageBusConformanceTests
{
    IConnectionMultiplexer? _connection;

    static string Prefix(string busNamespace) => "lt:" + busNamespace;

    protected override async Task<IMessageBus> CreateBusAsync(string busNamespace, BusOptions options, CancellationToken cancellationToken)
    {
        _connection = await RedisTestServer.ConnectAsync(cancellationToken);
        return new RedisStreamsMessageBus(_connection, Prefix(busNamespace), options, TimeProvider.System, NullLogger<RedisStreamsMessageBus>.Instance);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_connection is not null)
        {
            await RedisTestServer.DeleteKeysAsync(_connection, Prefix(Namespace));
        }
    }
}
