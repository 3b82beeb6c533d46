using Lightning.Agents;
using Lightning.Agents.Persistence;
using Lightning.Agents.Registry;
using Lightning.Agents.Tools;
using Lightning.Collaboration;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.History;
using Lightning.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lightning.Benchmarks.Scheduler;

/// <summary>
/// The agents and collaboration modules hosted in this process, as the server composes them (same registrations, same
/// SQLite event log with <c>synchronous=FULL</c>), on a data directory that can outlive the host, plus
/// <see cref="AgentCount"/> no-op agents offering <see cref="Capability"/>.
/// </summary>
internal sealed class SchedulerHost : IAsyncDisposable
{
    public const string Capability = "noop";
    public const int AgentCount = 50;

    /// <summary>The registry's upper bound; 50 agents × 64 slots is far above the engine's cap of subtasks in flight.</summary>
    public const int AgentConcurrency = 64;

    readonly ServiceProvider _services;
    readonly List<IHostedService> _started = [];

    SchedulerHost(string dataDirectory, IAgentTool? extraTool, int maxParallel)
    {
        DataDirectory = dataDirectory;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Lightning:DataDirectory"] = dataDirectory,
            ["Lightning:Collaboration:MaxParallel"] = maxParallel.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddOptions<LightningOptions>().BindConfiguration(LightningOptions.SectionName);
        services.AddLightningAgents();
        if (extraTool is not null)
        {
            services.AddSingleton(extraTool);
        }

        services.AddLightningCollaboration();
        _services = services.BuildServiceProvider();
    }

    public string DataDirectory { get; }

    public string EventsFile => Path.Combine(DataDirectory, "collaboration", "events.db");

    public ICollaborationService Collaborations => _services.GetRequiredService<ICollaborationService>();

    public ICollaborationEventStore Store => _services.GetRequiredService<ICollaborationEventStore>();

    public static string EventsFileIn(string dataDirectory) => Path.Combine(dataDirectory, "collaboration", "events.db");

    /// <summary>Migrates, seeds, registers the no-op agents when missing, then starts every hosted service (the engine resumes what the log leaves unfinished).</summary>
    public static async Task<SchedulerHost> StartAsync(string dataDirectory, int maxParallel, IAgentTool? extraTool, CancellationToken cancellationToken,
        Action<string>? phase = null)
    {
        var host = new SchedulerHost(dataDirectory, extraTool, maxParallel);
        try
        {
            phase?.Invoke("services-built");
            await DatabaseSetup.MigrateAsync(host._services.GetRequiredService<IDbContextFactory<AgentsDbContext>>(), cancellationToken);
            phase?.Invoke("agents-db-migrated");
            var registry = host._services.GetRequiredService<AgentRegistry>();
            await registry.SeedAsync(cancellationToken);
            for (var i = 1; i <= AgentCount; i++)
            {
                var name = AgentName(i);
                if (await registry.FindAsync(name, cancellationToken) is null)
                {
                    await registry.RegisterAsync(new AgentRegistration(name, "bench-noop", "No-op agent of the scheduler benchmark.", [Capability],
                        AgentConcurrency, AgentLocation.InProcess, null, null), cancellationToken);
                }
            }

            await host._services.GetRequiredService<AgentHeartbeatService>().BeatOnceAsync(cancellationToken);
            phase?.Invoke("agents-ready");
            foreach (var service in host._services.GetServices<IHostedService>())
            {
                await service.StartAsync(cancellationToken);
                host._started.Add(service);
                phase?.Invoke("started-" + service.GetType().Name);
            }

            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public static string AgentName(int i) => FormattableString.Invariant($"bench-noop-{i:00}");

    public async ValueTask DisposeAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }

    /// <summary>
    /// Size of the event log in bytes once its WAL is checkpointed into the main file (call with no host open on it,
    /// or with the engine idle): the events.db file plus whatever WAL is left.
    /// </summary>
    public static long CheckpointedSize(string eventsFile)
    {
        if (!File.Exists(eventsFile))
        {
            return 0;
        }

        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = eventsFile, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout=5000; PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
        }

        var wal = new FileInfo(eventsFile + "-wal");
        return new FileInfo(eventsFile).Length + (wal.Exists ? wal.Length : 0);
    }
}
