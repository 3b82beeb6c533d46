using Lightning.Collaboration.Messaging;
using Lightning.TestUtilities;
using Microsoft.Extensions.Logging.Abstractions;
using static Lightning.TestUtilities.Messaging.BusTestKit;

namespace Lightning.Collaboration.RabbitMq.Tests;

/// <summary>Two publishing processes (two buses, each with its own deduplicator) on one RabbitMQ and one PostgreSQL database.</summary>
public sealed class RabbitMqSharedDeduplicationTests : IAsyncLifetime
{
    readonly List<RabbitMqMessageBus> _buses = [];
    readonly string _prefix = "lightning-test.d" + Guid.NewGuid().ToString("N")[..12];
    PostgresDatabase? _database;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    IDisposable? _broker;

    public async ValueTask InitializeAsync()
    {
        _broker = await TestServices.UseRabbitMqAsync(Token);
        _database = await TestServices.CreatePostgresDatabaseAsync(Token);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var bus in _buses)
        {
            await bus.DisposeAsync();
        }

        if (_buses.Count > 0)
        {
            await RabbitMqTestBroker.DeleteAsync(_buses.SelectMany(b => b.DeclaredNames));
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _broker?.Dispose();
    }

    [Fact]
    public async Task Publish_SameIdThroughTwoProcesses_IsDeliveredOnce()
    {
        var server = await OpenAsync();
        var worker = await OpenAsync();
        await using var consumer = await server.SubscribeAsync(new Subscription("receiver", [], 10), Token);

        var first = await server.PublishAsync(Message("once", Address.Agent("receiver")), Token);
        var again = await worker.PublishAsync(Message("once", Address.Agent("receiver")), Token);
        var racing = await Task.WhenAll(
            server.PublishAsync(Message("raced", Address.Agent("receiver")), Token),
            worker.PublishAsync(Message("raced", Address.Agent("receiver")), Token));

        first.Outcome.ShouldBe(PublishOutcome.Accepted);
        again.Outcome.ShouldBe(PublishOutcome.Duplicate);
        racing.Select(r => r.Outcome).Order().ShouldBe([PublishOutcome.Accepted, PublishOutcome.Duplicate]);
        var received = new List<string>();
        while (await TryReceiveAsync(consumer, TimeSpan.FromSeconds(2)) is { } delivery)
        {
            received.Add(delivery.Message.Id);
            await delivery.AckAsync(Token);
        }

        received.Order(StringComparer.Ordinal).ShouldBe(["once", "raced"]);
    }

    [Fact]
    public async Task Publish_AfterTheFirstProcessRestarted_IsStillADuplicate()
    {
        var before = await OpenAsync();
        (await before.PublishAsync(Message("kept", Address.Agent("receiver")), Token)).Outcome.ShouldBe(PublishOutcome.Accepted);
        await before.DisposeAsync();

        var after = await OpenAsync();

        (await after.PublishAsync(Message("kept", Address.Agent("receiver")), Token)).Outcome.ShouldBe(PublishOutcome.Duplicate);
    }

    async Task<RabbitMqMessageBus> OpenAsync()
    {
        var options = new BusOptions();
        var bus = await RabbitMqMessageBus.ConnectAsync(RabbitMqTestBroker.Uri(), _prefix, options, TimeProvider.System, NullLogger<RabbitMqMessageBus>.Instance,
            new PostgresPublishDeduplicator(_database!.ConnectionString, options.DeduplicationWindow), ownsDeduplicator: true, Token);
        _buses.Add(bus);
        return bus;
    }
}
