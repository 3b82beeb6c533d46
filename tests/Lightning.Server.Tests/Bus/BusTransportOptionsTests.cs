using Lightning.Server.Bus;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Bus;

public sealed class BusTransportOptionsTests
{
    [Theory]
    [InlineData("embedded", null, null)]
    [InlineData("RabbitMQ", "amqp://u:p@127.0.0.1:5673/", null)]
    [InlineData("redis", "127.0.0.1:6390,password=x", null)]
    [InlineData("kafka", null, "Lightning:Collaboration:Bus:Transport 'kafka' is not one of embedded, rabbitmq, redis.")]
    [InlineData("rabbitmq", "127.0.0.1:5672", "Lightning:Collaboration:Bus:Connection must be an AMQP URI (amqp://user:password@host:5672/) for the rabbitmq transport.")]
    [InlineData("redis", " ", "Lightning:Collaboration:Bus:Connection must be a Redis configuration string (host:6379,password=...) for the redis transport.")]
    public void Problem_NamesWhatIsWrong(string transport, string? connection, string? problem) =>
        new BusTransportOptions { Transport = transport, Connection = connection }.Problem().ShouldBe(problem);

    [Fact]
    public void Describe_AndRedact_NeverShowThePassword()
    {
        var rabbit = new BusTransportOptions { Transport = "rabbitmq", Connection = "amqp://lightning:s3cr%21t@mq.local:5673/" };
        var redis = new BusTransportOptions { Transport = "redis", Connection = "cache:6390,password=hunter2,ssl=true" };

        BusConnector.Describe(rabbit).ShouldBe("mq.local:5673");
        BusConnector.Describe(redis).ShouldBe("cache:6390");
        BusConnector.Redact("cannot log in as lightning with s3cr!t (amqp://lightning:s3cr%21t@mq.local:5673/)", rabbit.Connection)
            .ShouldBe("cannot log in as lightning with *** (amqp://lightning:***@mq.local:5673/)");
        BusConnector.Redact("It was not possible to connect: cache:6390,password=hunter2,ssl=true", redis.Connection)
            .ShouldBe("It was not possible to connect: cache:6390,password=***,ssl=true");
    }

    [Fact]
    public async Task Connect_UnreachableRabbitMq_IsUnavailableWithoutThePassword()
    {
        // Retried for a second (three attempts), then the same clear error.
        var transport = new BusTransportOptions { Transport = "rabbitmq", Connection = "amqp://u:topsecret@127.0.0.1:1/", ConnectRetryFor = TimeSpan.FromSeconds(1) };
        using var data = new TempDirectory();

        var error = await Should.ThrowAsync<Lightning.Core.Errors.LightningException>(() => BusConnector.ConnectAsync(
            transport, new Lightning.Collaboration.Messaging.BusOptions(), string.Empty, new Lightning.Core.Storage.LightningOptions { DataDirectory = data.Path }, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("bus.unavailable");
        error.Message.ShouldStartWith("Cannot connect to the rabbitmq bus at 127.0.0.1:1: ");
        error.Message.ShouldNotContain("topsecret");
        new BusTransportOptions { ConnectRetryFor = TimeSpan.FromMinutes(11) }.Problem().ShouldBe("Lightning:Collaboration:Bus:ConnectRetryFor must be between 00:00:00 and 00:10:00.");
    }
}
