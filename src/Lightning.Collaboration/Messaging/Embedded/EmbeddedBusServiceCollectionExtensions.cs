using Lightning.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lightning.Collaboration.Messaging.Embedded;

public static class EmbeddedBusServiceCollectionExtensions
{
    /// <summary>The journal's place in the data directory.</summary>
    public const string DataFolder = "bus";

    /// <summary>
    /// The embedded bus as the <see cref="IMessageBus"/>, journaled at <c>{data}/bus/messages.db</c>, with
    /// <see cref="BusOptions"/> bound from <see cref="BusOptions.SectionName"/>. A bus registered before wins.
    /// </summary>
    public static IServiceCollection AddEmbeddedMessageBus(this IServiceCollection services)
    {
        services.AddOptions<BusOptions>().BindConfiguration(BusOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMessageBus>(provider => new EmbeddedMessageBus(
            provider.GetRequiredService<IOptions<LightningOptions>>().Value.DataPath(DataFolder, EmbeddedMessageBus.DefaultFileName),
            provider.GetRequiredService<IOptions<BusOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<EmbeddedMessageBus>>()));
        return services;
    }
}
