using Lightning.Collaboration.Messaging;
using Lightning.TestUtilities;
using Microsoft.Extensions.Logging.Abstractions;
using static Lightning.TestUtilities.Messaging.BusTestKit;

namespace Lightning.Collaboration.RabbitMq.Tests;

/// <summary>Restarting the broker disconnects every client: these tests run alone, after the others of this assembly.</summary>
[CollectionDefinition(nameof(BrokerRestartCollection), DisableParallelization = true)]
public sealed class BrokerRestartCollection;

[Collection(nameof(BrokerRestartCollection))]
public sealed class RabbitMqBrokerRestartTests : IAsyncLifetime
{
    readonly List<RabbitMqMessageBus> _buses = [];
    readonly string _namespace = "lightning-test.x" + Guid.NewGuid().ToString("N")[..12];

    static CancellationToken Token => TestContext.Current.CancellationToken;

    IDisposable? _broker;

    // Other test processes' RabbitMQ tests finish first, and wait for this one (see TestServices.UseRabbitMqAsync).
    public async ValueTask InitializeAsync() => _broker = await TestServices.RestartingRabbitMqAsync(Token);

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

    [Fact]
    public async Task Messages_SurviveABrokerRestart()
    {
        var before = await OpenAsync();
        await using (var consumer = await before.SubscribeAsync(new Subscription("survivor", ["surviving"], 10), Token))
        {
            await before.PublishAsync(Message("queued", Address.Agent("survivor")), Token);
            await before.PublishAsync(Message("capable", Address.Capability("surviving")), Token);
            await before.PublishAsync(Message("doomed", Address.Agent("survivor")) with { Priority = 9 }, Token);
            var doomed = await ReceiveAsync(consumer, TimeSpan.FromSeconds(10));
            while (doomed.Message.Id != "doomed")
            {
                await doomed.NackAsync("later", Token);
                doomed = await ReceiveAsync(consumer, TimeSpan.FromSeconds(10));
            }

            await doomed.RejectAsync("broken", Token);
        }

        await TestServices.RestartRabbitMqAsync(Token);

        var after = await OpenAsync();
        await using var resumed = await after.SubscribeAsync(new Subscription("survivor", ["surviving"], 10), Token);
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var delivery = await ReceiveAsync(resumed, TimeSpan.FromSeconds(15));
            ids.Add(delivery.Message.Id);
            await delivery.AckAsync(Token);
        }

        ids.Order(StringComparer.Ordinal).ShouldBe(["capable", "queued"]);
        (await after.GetDeadLetterAsync("doomed", Token))!.Reason.ShouldContain("broken");
    }

    async Task<RabbitMqMessageBus> OpenAsync()
    {
        var options = new BusOptions { BaseRetryDelay = TimeSpan.FromMilliseconds(200), MaxRetryDelay = TimeSpan.FromSeconds(2), Jitter = 0 };
        var bus = await RabbitMqMessageBus.ConnectAsync(RabbitMqTestBroker.Uri(), _namespace, options, TimeProvider.System,
            NullLogger<RabbitMqMessageBus>.Instance, deduplicator: null, Token);
        _buses.Add(bus);
        return bus;
    }
}
