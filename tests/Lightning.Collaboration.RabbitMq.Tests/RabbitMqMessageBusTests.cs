using System.Diagnostics;
using System.Text.Json;
using Lightning.Collaboration.Messaging;
using Lightning.TestUtilities;
using Microsoft.Extensions.Logging.Abstractions;
using static Lightning.TestUtilities.Messaging.BusTestKit;

namespace Lightning.Collaboration.RabbitMq.Tests;

public sealed class RabbitMqMessageBusTests : IAsyncLifetime
{
    readonly List<RabbitMqMessageBus> _buses = [];
    readonly string _namespace = "lightning-test.r" + Guid.NewGuid().ToString("N")[..12];

    static CancellationToken Token => TestContext.Current.CancellationToken;

    IDisposable? _broker;

    public async ValueTask InitializeAsync() => _broker = await TestServices.UseRabbitMqAsync(Token);

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

        _broker?.Dispose();
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(149, 100)]
    [InlineData(151, 200)]
    [InlineData(9_949, 9_900)]
    [InlineData(12_400, 12_000)]
    [InlineData(299_000, 300_000)]
    public void DelayBucket_RoundsToCoarserStepsForLongerDelays(int delayMs, int expectedMs) =>
        RabbitMqMessageBus.DelayBucket(TimeSpan.FromMilliseconds(delayMs)).ShouldBe(TimeSpan.FromMilliseconds(expectedMs));

    [Fact]
    public async Task Publish_ManyConcurrently_EachIsConfirmedAndDeliveredOnce()
    {
        var bus = await OpenAsync();
        await using var consumer = await bus.SubscribeAsync(new Subscription("many", [], 300), Token);

        var results = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => bus.PublishAsync(Message($"m{i}", Address.Agent("many")), Token)));

        results.ShouldAllBe(r => r.Outcome == PublishOutcome.Accepted);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 500; i++)
        {
            var delivery = await ReceiveAsync(consumer, TimeSpan.FromSeconds(10));
            seen.Add(delivery.Message.Id).ShouldBeTrue($"{delivery.Message.Id} arrived twice");
            await delivery.AckAsync(Token);
        }

        seen.Count.ShouldBe(500);
    }

    [Fact]
    public async Task Broadcast_ReachesAnAgentThatSubscribedBefore_EvenWhileItIsAway()
    {
        var bus = await OpenAsync();
        var once = await bus.SubscribeAsync(new Subscription("sleeper", [], 10), Token);
        await once.DisposeAsync();

        await bus.PublishAsync(Message("wake-up", Address.Broadcast), Token);

        await using var again = await bus.SubscribeAsync(new Subscription("sleeper", [], 10), Token);
        var delivery = await ReceiveAsync(again, TimeSpan.FromSeconds(10));
        delivery.Message.Id.ShouldBe("wake-up");
        await delivery.AckAsync(Token);
    }

    [Fact]
    public async Task Publish_ToAnAgentThatNeverSubscribed_WaitsForIt()
    {
        var bus = await OpenAsync();

        await bus.PublishAsync(Message("early", Address.Agent("latecomer")), Token);

        await using var consumer = await bus.SubscribeAsync(new Subscription("latecomer", [], 10), Token);
        (await ReceiveAsync(consumer, TimeSpan.FromSeconds(10))).Message.Id.ShouldBe("early");
    }

    [Fact]
    public async Task Unsettled_ThatKeepsLosingItsConsumer_IsDeadLetteredAtTheLimit()
    {
        var bus = await OpenAsync(maxDeliveries: 2);
        await bus.PublishAsync(Message("crasher", Address.Agent("fragile")), Token);

        for (var i = 0; i < 2; i++)
        {
            var consumer = await bus.SubscribeAsync(new Subscription("fragile", [], 10), Token);
            (await ReceiveAsync(consumer, TimeSpan.FromSeconds(10))).Message.Id.ShouldBe("crasher");
            await consumer.DisposeAsync();
        }

        await using var last = await bus.SubscribeAsync(new Subscription("fragile", [], 10), Token);
        var dead = await WaitForDeadLetterAsync(bus, "crasher");
        dead.Reason.ShouldContain("delivery limit reached (2)");
        dead.History.Select(h => h.Outcome).ShouldBe(["lease-expired", "lease-expired"]);
    }

    async Task<RabbitMqMessageBus> OpenAsync(int maxDeliveries = 5)
    {
        var options = new BusOptions
        {
            MaxDeliveries = maxDeliveries,
            BaseRetryDelay = TimeSpan.FromMilliseconds(200),
            MaxRetryDelay = TimeSpan.FromSeconds(2),
            Jitter = 0,
        };
        var bus = await RabbitMqMessageBus.ConnectAsync(RabbitMqTestBroker.Uri(), _namespace, options, TimeProvider.System,
            NullLogger<RabbitMqMessageBus>.Instance, deduplicator: null, Token);
        _buses.Add(bus);
        return bus;
    }

}
