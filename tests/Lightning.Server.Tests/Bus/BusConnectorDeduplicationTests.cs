using Lightning.Collaboration.Messaging;
using Lightning.Core.Storage;
using Lightning.Server.Bus;
using Lightning.TestUtilities;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;

namespace Lightning.Server.Tests.Bus;

/// <summary>The RabbitMQ bus as the server and workers open it: published ids are kept in the platform's database.</summary>
public sealed class BusConnectorDeduplicationTests : IAsyncLifetime
{
    readonly string _prefix = "lightning-test.c" + Guid.NewGuid().ToString("N")[..12];
    readonly TempDirectory _data = new();

    static CancellationToken Token => TestContext.Current.CancellationToken;

    IDisposable? _broker;

    public async ValueTask InitializeAsync() => _broker = await TestServices.UseRabbitMqAsync(Token);

    public async ValueTask DisposeAsync()
    {
        using var broker = _broker;
        // Broadcasts declare only the shared topology; delete it so the broker does not collect it run after run.
        var factory = new ConnectionFactory { Uri = new Uri(TestServices.RabbitMq()) };
        await using var connection = await factory.CreateConnectionAsync();
        await using (var channel = await connection.CreateChannelAsync())
        {
            await channel.ExchangeDeleteAsync(_prefix + ".broadcast");
            await channel.ExchangeDeleteAsync(_prefix + ".return");
            await channel.QueueDeleteAsync(_prefix + ".dead-letters");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    [Fact]
    public async Task Connect_RabbitMqWithSqlitePlatform_RemembersPublishedIdsAcrossARestart()
    {
        var platform = new LightningOptions { DataDirectory = _data.Path };

        await using (var before = await ConnectAsync(platform))
        {
            (await before.PublishAsync(BusMessage("restart-1"), Token)).Outcome.ShouldBe(PublishOutcome.Accepted);
        }

        File.Exists(_data.Combine("bus", BusConnector.ClaimsFileName)).ShouldBeTrue();
        await using var after = await ConnectAsync(platform);
        (await after.PublishAsync(BusMessage("restart-1"), Token)).Outcome.ShouldBe(PublishOutcome.Duplicate);
        (await after.PublishAsync(BusMessage("restart-2"), Token)).Outcome.ShouldBe(PublishOutcome.Accepted);
    }

    [Fact]
    public async Task Connect_RabbitMqWithPostgresPlatform_SharesPublishedIdsBetweenProcesses()
    {
        await using var database = await TestServices.CreatePostgresDatabaseAsync(Token);
        var platform = new LightningOptions
        {
            DataDirectory = _data.Path,
            Database = new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = database.ConnectionString },
        };
        await using var server = await ConnectAsync(platform);
        await using var worker = await ConnectAsync(platform);

        (await server.PublishAsync(BusMessage("shared-1"), Token)).Outcome.ShouldBe(PublishOutcome.Accepted);
        (await worker.PublishAsync(BusMessage("shared-1"), Token)).Outcome.ShouldBe(PublishOutcome.Duplicate);
        File.Exists(_data.Combine("bus", BusConnector.ClaimsFileName)).ShouldBeFalse("PostgreSQL keeps the claims");
    }

    Task<IMessageBus> ConnectAsync(LightningOptions platform) => BusConnector.ConnectAsync(
        new BusTransportOptions { Transport = "rabbitmq", Connection = TestServices.RabbitMq(), Prefix = _prefix },
        new BusOptions(), _data.Combine("unused.db"), platform, TimeProvider.System, NullLoggerFactory.Instance, Token);

    static CollaborationMessage BusMessage(string id) => Lightning.TestUtilities.Messaging.BusTestKit.Message(id, Address.Broadcast);
}
