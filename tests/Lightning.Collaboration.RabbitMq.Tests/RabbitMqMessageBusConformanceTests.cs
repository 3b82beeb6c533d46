using Lightning.Collaboration.Messaging;
using Lightning.TestUtilities;
using Lightning.TestUtilities.Messaging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Collaboration.RabbitMq.Tests;

public sealed class RabbitMqMessageBusConformanceTests : MessageBusConformanceTests
{
    readonly List<RabbitMqMessageBus> _buses = [];
    IDisposable? _broker;

    protected override async Task<IMessageBus> CreateBusAsync(string busNamespace, BusOptions options, CancellationToken cancellationToken)
    {
        _broker ??= await TestServices.UseRabbitMqAsync(cancellationToken);
        var bus = await RabbitMqMessageBus.ConnectAsync(RabbitMqTestBroker.Uri(), "lightning-test." + busNamespace, options, TimeProvider.System,
            NullLogger<RabbitMqMessageBus>.Instance, deduplicator: null, cancellationToken);
        _buses.Add(bus);
        return bus;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_buses.Count > 0)
        {
            await RabbitMqTestBroker.DeleteAsync(_buses.SelectMany(b => b.DeclaredNames));
        }

        _broker?.Dispose();
    }
}
