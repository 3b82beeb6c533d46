using Lightning.Agents;
using Lightning.Agents.Persistence;
using Lightning.Agents.Registry;
using Lightning.Agents.Tools;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.History;
using Lightning.Collaboration.Tasks;
using Lightning.Core.Storage;
using Lightning.TestUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lightning.Collaboration.Tests.Execution;

/// <summary>
/// The agents and collaboration modules with their hosted services running, on a data directory that can outlive the
/// host (to restart on it), plus the <see cref="ProbeTool"/> that tests steer.
/// </summary>
public sealed class CollaborationHost : IAsyncDisposable
{
    readonly ServiceProvider _services;
    readonly List<IHostedService> _started = [];

    CollaborationHost(string dataDirectory, ProbeTool probe, IReadOnlyDictionary<string, string?>? settings, IReadOnlyList<IAgentTool>? extraTools)
    {
        DataDirectory = dataDirectory;
        Probe = probe;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Lightning:DataDirectory"] = dataDirectory,
            ["Lightning:Agents:HeartbeatIntervalSeconds"] = "1",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddOptions<LightningOptions>().BindConfiguration(LightningOptions.SectionName);
        services.AddLightningAgents();
        services.AddSingleton<IAgentTool>(probe);
        foreach (var tool in extraTools ?? [])
        {
            services.AddSingleton(tool);
        }
        services.AddLightningCollaboration();
        _services = services.BuildServiceProvider();
    }

    public string DataDirectory { get; }

    public ProbeTool Probe { get; }

    public ICollaborationService Collaborations => _services.GetRequiredService<ICollaborationService>();

    public AgentRegistry Registry => _services.GetRequiredService<AgentRegistry>();

    public ICollaborationEventStore EventStore => _services.GetRequiredService<ICollaborationEventStore>();

    public T Service<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>The settings that put the platform state, and with it the event log, in a PostgreSQL database.</summary>
    public static Dictionary<string, string?> OnPostgres(PostgresDatabase database) => new()
    {
        ["Lightning:Database:Provider"] = "Postgres",
        ["Lightning:Database:ConnectionString"] = database.ConnectionString,
    };

    public static async Task<CollaborationHost> StartAsync(
        string dataDirectory, ProbeTool? probe = null, IReadOnlyDictionary<string, string?>? settings = null, IReadOnlyList<IAgentTool>? extraTools = null)
    {
        var host = new CollaborationHost(dataDirectory, probe ?? new ProbeTool(), settings, extraTools);
        await DatabaseSetup.MigrateAsync(host._services.GetRequiredService<IDbContextFactory<AgentsDbContext>>(), CancellationToken.None);
        await host.Registry.SeedAsync(CancellationToken.None);
        await host._services.GetRequiredService<AgentHeartbeatService>().BeatOnceAsync(CancellationToken.None);
        foreach (var service in host._services.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
            host._started.Add(service);
        }

        return host;
    }

    public Task<CollaborationView> SubmitAsync(TaskPlan plan, CancellationToken cancellationToken, TaskBudget? budget = null, int priority = 5) =>
        Collaborations.SubmitAsync(new ComplexTask { Title = "test", Plan = plan, Budget = budget, Priority = priority }, "tests", cancellationToken);

    /// <summary>Polls until the collaboration has finished (or the token fires).</summary>
    public async Task<CollaborationView> WaitFinishedAsync(string id, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var view = await Collaborations.GetAsync(id, timeout.Token);
            if (view is not null && view.Status.IsFinished())
            {
                return view;
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    public async Task<CollaborationView> WaitForAsync(string id, Func<CollaborationView, bool> condition, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var view = await Collaborations.GetAsync(id, timeout.Token);
            if (view is not null && condition(view))
            {
                return view;
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }
}
