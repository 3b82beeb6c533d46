using Lightning.TestUtilities;
using StackExchange.Redis;

namespace Lightning.Collaboration.Redis.Tests;

/// <summary>
/// The loopback Redis of scripts/services/redis.sh, found through LIGHTNING_TEST_REDIS (a StackExchange.Redis configuration
/// string). Missing: the test is skipped on a developer's machine and fails when CI=true. One connection is shared by all tests.
/// </summary>
internal static class RedisTestServer
{
    const string Variable = "LIGHTNING_TEST_REDIS";
    static readonly SemaphoreSlim Gate = new(1, 1);
    static ConnectionMultiplexer? s_connection;

    public static async Task<IConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        var configuration = Configuration();
        await Gate.WaitAsync(cancellationToken);
        try
        {
            return s_connection ??= await ConnectionMultiplexer.ConnectAsync(configuration);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Deletes every key of one test's bus, so the append-only file does not grow from run to run.</summary>
    public static async Task DeleteKeysAsync(IConnectionMultiplexer connection, string prefix)
    {
        var keys = connection.GetServers()[0].Keys(pattern: prefix + ":*", pageSize: 1000).ToArray();
        if (keys.Length > 0)
        {
            await connection.GetDatabase().KeyDeleteAsync(keys);
        }
    }

    static string Configuration()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        var message = $"Redis is not available ({Variable} is not set): run `scripts/services/redis.sh start` and source its env file, or run scripts/test.sh.";
        if (TestServices.InCi)
        {
            throw new InvalidOperationException("CI=true and a required service is missing. " + message);
        }

        Assert.Skip(message);
        return string.Empty;
    }
}
