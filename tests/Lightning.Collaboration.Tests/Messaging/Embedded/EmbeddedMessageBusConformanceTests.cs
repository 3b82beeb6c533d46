using Lightning.Collaboration.Messaging;
using Lightning.Collaboration.Messaging.Embedded;
using Lightning.TestUtilities;
using Lightning.TestUtilities.Messaging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Collaboration.Tests.Messaging.Embedded;

public sealed class EmbeddedMessageBusConformanceTests : MessageBusConformanceTests
{
    readonly TempDirectory _directory = new();

    protected override Task<IMessageBus> CreateBusAsync(string busNamespace, BusOptions options, CancellationToken cancellationToken) =>
        Task.FromResult<IMessageBus>(new EmbeddedMessageBus(_directory.Combine(busNamespace + ".db"), options, TimeProvider.System,
            NullLogger<EmbeddedMessageBus>.Instance));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}
