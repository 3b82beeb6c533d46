using Lightning.Agents.Registry;
using Lightning.Collaboration.Distributed;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.Messaging;
using Lightning.Collaboration.Messaging.Embedded;
using Lightning.Core.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lightning.Server.Bus;

public static class CollaborationBusServiceCollectionExtensions
{
    /// <summary>
    /// The platform's one <see cref="IMessageBus"/>, chosen by <c>Lightning:Collaboration:Bus:Transport</c> (embedded by default,
    /// journaled at <c>{data}/bus/messages.db</c>; or rabbitmq, redis at <c>Connection</c>; RabbitMQ's published ids are kept in the
    /// platform database, see <see cref="BusConnector.PublishDeduplicator"/>), and the subtask runner that sends
    /// worker agents' subtasks over it while every other agent runs in this process. Call after <c>AddLightningCollaboration()</c>;
    /// a bus or a runner (other than the local default) registered before wins.
    /// </summary>
    public static IServiceCollection AddLightningCollaborationBus(this IServiceCollection services)
    {
        services.AddOptions<BusOptions>().BindConfiguration(BusOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BusTransportOptions>().BindConfiguration(BusTransportOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BusTransportOptions>, TransportValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMessageBus>(provider =>
        {
            var transport = provider.GetRequiredService<IOptions<BusTransportOptions>>().Value;
            var bus = BusConnector.ConnectAsync(
                transport,
                provider.GetRequiredService<IOptions<BusOptions>>().Value,
                provider.GetRequiredService<IOptions<LightningOptions>>().Value.DataPath(EmbeddedBusServiceCollectionExtensions.DataFolder, EmbeddedMessageBus.DefaultFileName),
                provider.GetRequiredService<IOptions<LightningOptions>>().Value,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILoggerFactory>(),
                CancellationToken.None).GetAwaiter().GetResult();
            Log.BusConnected(provider.GetRequiredService<ILoggerFactory>().CreateLogger("Lightning.Server.Bus"), transport.Transport, BusConnector.Describe(transport), transport.Prefix);
            return bus;
        });
        services.TryAddSingleton(provider => new BusSubtaskRunner(
            provider.GetRequiredService<IMessageBus>(),
            provider.GetRequiredService<AgentRegistry>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<BusSubtaskRunner>>()));

        var runner = services.LastOrDefault(descriptor => descriptor.ServiceType == typeof(ISubtaskRunner));
        if (runner is null || runner.ImplementationType == typeof(LocalSubtaskRunner))
        {
            services.RemoveAll<ISubtaskRunner>();
            services.AddSingleton<ISubtaskRunner>(provider => new RoutingSubtaskRunner(
                new LocalSubtaskRunner(),
                // Only a shared transport reaches workers; the embedded bus is not even opened for the runner.
                provider.GetRequiredService<IOptions<BusTransportOptions>>().Value.ParsedTransport == BusTransport.Embedded
                    ? null
                    : provider.GetRequiredService<BusSubtaskRunner>(),
                provider.GetRequiredService<AgentRegistry>()));
        }

        return services;
    }

    sealed class TransportValidator : IValidateOptions<BusTransportOptions>
    {
        public ValidateOptionsResult Validate(string? name, BusTransportOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
