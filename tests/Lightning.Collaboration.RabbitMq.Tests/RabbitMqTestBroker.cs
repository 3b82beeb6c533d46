using Lightning.TestUtilities;
using RabbitMQ.Client;

namespace Lightning.Collaboration.RabbitMq.Tests;

/// <summary>The broker that scripts/services/rabbitmq.sh starts; missing: skipped locally, a failure when CI=true.</summary>
internal static class RabbitMqTestBroker
{
    const string Variable = "LIGHTNING_TEST_RABBITMQ";

    public static Uri Uri()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return new Uri(value);
        }

        var message = $"RabbitMQ is not available ({Variable} is not set): run `scripts/services/rabbitmq.sh start` and source its env file, or run scripts/test.sh.";
        if (TestServices.InCi)
        {
            throw new InvalidOperationException("CI=true and a required service is missing. " + message);
        }

        Assert.Skip(message);
        return null!;
    }

    /// <summary>Deletes the queues and exchanges a test declared, so the broker does not collect them run after run.</summary>
    public static async Task DeleteAsync(IEnumerable<string> names)
    {
        var factory = new ConnectionFactory { Uri = Uri() };
        await using var connection = await factory.CreateConnectionAsync();
        foreach (var name in names.Where(n => !n.StartsWith("binding:", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal))
        {
            // One channel per deletion: deleting what is not there (or is a queue, not an exchange) closes the channel.
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                if (name.EndsWith(".broadcast", StringComparison.Ordinal) || name.EndsWith(".return", StringComparison.Ordinal))
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
}
