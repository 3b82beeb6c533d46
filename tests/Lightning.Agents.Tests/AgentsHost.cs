using Lightning.Agents.Actions;
using Lightning.Agents.Persistence;
using Lightning.Agents.Registry;
using Lightning.Core.Storage;
using Lightning.TestUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lightning.Agents.Tests;

/// <summary>The agents module on its own: real services, a migrated database (SQLite in a temp directory, or PostgreSQL), no server.</summary>
public sealed class AgentsHost : IAsyncDisposable
{
    readonly TempDirectory _data = new();
    readonly ServiceProvider _services;

    AgentsHost(IReadOnlyDictionary<string, string?> settings, IChatClient? chatClient)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["Lightning:DataDirectory"] = _data.Path,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddOptions<LightningOptions>().BindConfiguration(LightningOptions.SectionName);
        if (chatClient is not null)
        {
            services.AddSingleton(chatClient);
        }

        services.AddLightningAgents();
        _services = services.BuildServiceProvider();
    }

    public string DataDirectory => _data.Path;

    public AgentRegistry Registry => _services.GetRequiredService<AgentRegistry>();

    public ActionService Actions => _services.GetRequiredService<ActionService>();

    public AgentActivity Activity => _services.GetRequiredService<AgentActivity>();

    public ActionLiveStreams Streams => _services.GetRequiredService<ActionLiveStreams>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public static async Task<AgentsHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, IChatClient? chatClient = null, bool seed = true)
    {
        var host = new AgentsHost(settings ?? new Dictionary<string, string?>(), chatClient);
        await DatabaseSetup.MigrateAsync(host.Get<IDbContextFactory<AgentsDbContext>>(), CancellationToken.None);
        if (seed)
        {
            await host.Registry.SeedAsync(CancellationToken.None);
        }

        return host;
    }

    /// <summary>Submits an action and waits for it to be recorded as finished.</summary>
    public async Task<ActionView> RunAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        var submitted = await Actions.SubmitAsync(request, "tests", cancellationToken);
        await Actions.WaitAsync(submitted.Id, cancellationToken);
        return (await Actions.GetAsync(submitted.Id, cancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _data.Dispose();
    }
}
