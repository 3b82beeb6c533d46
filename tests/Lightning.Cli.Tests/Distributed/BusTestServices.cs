using Lightning.Server.Bus;
using Lightning.TestUtilities;

namespace Lightning.Cli.Tests.Distributed;

/// <summary>The RabbitMQ and Redis of scripts/services: missing, a test is skipped on a developer's machine and fails when CI=true.</summary>
internal static class BusTestServices
{
    public static string Connection(BusTransport transport)
    {
        var (variable, service, script) = transport == BusTransport.RabbitMq
            ? ("LIGHTNING_TEST_RABBITMQ", "RabbitMQ", "rabbitmq")
            : ("LIGHTNING_TEST_REDIS", "Redis", "redis");
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        var message = $"{service} is not available ({variable} is not set): run `scripts/services/{script}.sh start` and source its env file, or run scripts/test.sh.";
        if (TestServices.InCi)
        {
            throw new InvalidOperationException("CI=true and a required service is missing. " + message);
        }

        Assert.Skip(message);
        return string.Empty;
    }
}
