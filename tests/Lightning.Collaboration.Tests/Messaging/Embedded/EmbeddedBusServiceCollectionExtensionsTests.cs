using Lightning.Collaboration.Messaging;
using Lightning.Collaboration.Messaging.Embedded;
using Lightning.Core.Storage;
using Lightning.TestUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Collaboration.Tests.Messaging.Embedded;

public sealed class EmbeddedBusServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddEmbeddedMessageBus_ResolvesABusInTheDataDirectory()
    {
        using var directory = new TempDirectory();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Lightning:Collaboration:Bus:MaxDeliveries"] = "7" })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .Configure<LightningOptions>(options => options.DataDirectory = directory.Path)
            .AddEmbeddedMessageBus();
        await using var provider = services.BuildServiceProvider();

        var bus = provider.GetRequiredService<IMessageBus>().ShouldBeOfType<EmbeddedMessageBus>();

        bus.FilePath.ShouldBe(directory.Combine("bus", EmbeddedMessageBus.DefaultFileName));
        provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<BusOptions>>().Value.MaxDeliveries.ShouldBe(7);
    }
}
