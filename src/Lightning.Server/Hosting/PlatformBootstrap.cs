using Lightning.Agents.Actions;
using Lightning.Agents.Persistence;
using Lightning.Agents.Registry;
using Lightning.Core.Storage;
using Lightning.Git.Persistence;
using Lightning.Monitoring.Persistence;
using Lightning.Server.Auth;
using Lightning.Server.Persistence;
using Lightning.Testing.Generation;
using Lightning.Testing.History;
using Lightning.Testing.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lightning.Server.Hosting;

/// <summary>
/// Runs before anything else starts: applies migrations, marks actions, test runs and generation batches a previous run left unfinished, seeds the
/// specialist agents on first start, and creates the first admin key, which it prints once.
/// </summary>
public sealed class PlatformBootstrap(
    IDbContextFactory<AgentsDbContext> agentsDb,
    IDbContextFactory<ServerDbContext> serverDb,
    IDbContextFactory<GitDbContext> gitDb,
    IDbContextFactory<TestingDbContext> testingDb,
    IDbContextFactory<MonitoringDbContext> monitoringDb,
    TestHistoryStore testRuns,
    TestGenerationService generations,
    AgentRegistry agents,
    ActionService actions,
    ApiKeyStore keys,
    IOptions<LightningOptions> options,
    ILogger<PlatformBootstrap> logger) : IHostedService
{
    /// <summary>Where the one-time admin key is written; the console by default.</summary>
    public static TextWriter AdminKeyOutput { get; set; } = Console.Out;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await DatabaseSetup.MigrateAsync(agentsDb, cancellationToken);
        await DatabaseSetup.MigrateAsync(serverDb, cancellationToken);
        await DatabaseSetup.MigrateAsync(gitDb, cancellationToken);
        await DatabaseSetup.MigrateAsync(testingDb, cancellationToken);
        await DatabaseSetup.MigrateAsync(monitoringDb, cancellationToken);
        var recovered = await actions.RecoverInterruptedAsync(cancellationToken);
        await testRuns.RecoverInterruptedAsync(cancellationToken);
        await generations.RecoverInterruptedAsync(cancellationToken);
        var seeded = await agents.SeedAsync(cancellationToken);
        Log.DatabaseReady(logger, options.Value.Database.Provider.ToString(), recovered, seeded);

        if (!await keys.AnyAsync(cancellationToken))
        {
            var created = await keys.CreateAsync("admin", ApiKeyRole.Admin, "bootstrap", cancellationToken);
            Log.AdminKeyCreated(logger, created.ApiKey.Id);
            // The key goes to the console only, never to the log: it is shown this once.
            await AdminKeyOutput.WriteLineAsync($"""

                Admin API key (shown once, store it now):
                  {created.Key}
                Sign in to the dashboard with it, or export LIGHTNING_API_KEY={created.Key}

                """);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
