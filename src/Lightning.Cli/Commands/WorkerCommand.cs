using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Lightning.Agents;
using Lightning.Agents.Persistence;
using Lightning.Agents.Registry;
using Lightning.Agents.Tools;
using Lightning.Cli.Api;
using Lightning.Collaboration.Distributed;
using Lightning.Collaboration.Messaging;
using Lightning.Core.Storage;
using Lightning.Git;
using Lightning.Git.Persistence;
using Lightning.Testing;
using Lightning.Testing.Generation;
using Lightning.Testing.History;
using Lightning.Testing.Persistence;
using Lightning.Server.Bus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>lightning worker</c>: an agent in its own process. It registers itself with the server as a worker agent, beats
/// through the API, and runs the subtasks the coordinator sends it over RabbitMQ or Redis with the tools of this process,
/// in its own workspace. Ctrl+C stops it; what it had not answered goes back to the bus.
/// </summary>
internal sealed partial class WorkerCommand : Command
{
    readonly CliContext _context;

    readonly Option<string[]> _capabilities = new("--capabilities")
    {
        Description = "What it offers, comma-separated: command, files, llm, or your own (the tools need theirs: command needs command)",
        HelpName = "A,B",
        Required = true,
    };

    readonly Option<string> _name = new("--name") { Description = "Its agent name [default: worker-HOSTNAME]", HelpName = "NAME" };

    readonly Option<string> _workspace = new("--workspace")
    {
        Description = "Its own directory: action history, and commands and files run in DIR/workspaces/NAME [default: $LIGHTNING_DATA or ./.lightning, then workers/NAME]",
        HelpName = "DIR",
    };

    readonly Option<int?> _concurrency = NumberOption.Create("--concurrency", "Subtasks it runs at once (1-64) [default: 1]", "N", 1, 64);

    readonly Option<string> _transport = new("--transport")
    {
        Description = "The server's bus: rabbitmq or redis [default: $Lightning__Collaboration__Bus__Transport]",
        HelpName = "rabbitmq|redis",
    };

    readonly Option<string> _connection = new("--bus-connection")
    {
        Description = "AMQP URI or Redis configuration string [default: $Lightning__Collaboration__Bus__Connection, which keeps a password out of the process list]",
        HelpName = "CONNECTION",
    };

    readonly Option<string> _prefix = new("--bus-prefix") { Description = "The bus prefix the server uses [default: lightning]", HelpName = "PREFIX" };

    public WorkerCommand(CliContext context)
        : base("worker", "Run agents in this process for a server: register, heartbeat, and take subtasks from RabbitMQ or Redis (calls the server)")
    {
        _context = context;
        Add(_capabilities);
        Add(_name);
        Add(_workspace);
        Add(_concurrency);
        Add(_transport);
        Add(_connection);
        Add(_prefix);
        _transport.AcceptOnlyFromAmong("rabbitmq", "redis");
        SetAction(ExecuteAsync);
    }

    [GeneratedRegex("[^a-z0-9-]+")]
    private static partial Regex NotInName();

    async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var capabilities = (parseResult.GetValue(_capabilities) ?? [])
            .SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (capabilities.Count == 0)
        {
            throw CliException.Usage("--capabilities needs at least one capability, for example --capabilities command,files.");
        }

        var name = parseResult.GetValue(_name) ?? DefaultName();
        var concurrency = parseResult.GetValue(_concurrency) ?? 1;
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var transport = new BusTransportOptions();
        configuration.GetSection(BusTransportOptions.SectionName).Bind(transport);
        transport.Transport = parseResult.GetValue(_transport) ?? transport.Transport;
        transport.Connection = parseResult.GetValue(_connection) ?? transport.Connection;
        transport.Prefix = parseResult.GetValue(_prefix) ?? transport.Prefix;
        if (transport.ParsedTransport == BusTransport.Embedded)
        {
            throw CliException.Usage("a worker needs the server's shared bus: pass --transport rabbitmq|redis and --bus-connection (or set Lightning__Collaboration__Bus__Transport and __Connection).");
        }

        if (transport.Problem() is { } problem)
        {
            throw CliException.Usage(problem);
        }

        var busOptions = new BusOptions();
        configuration.GetSection(BusOptions.SectionName).Bind(busOptions);
        var heartbeatSeconds = configuration.GetValue("Lightning:Agents:HeartbeatIntervalSeconds", new AgentsOptions().HeartbeatIntervalSeconds);
        var workspace = Path.GetFullPath(parseResult.GetValue(_workspace)
            ?? Path.Combine(_context.Console.GetVariable("LIGHTNING_DATA") ?? ".lightning", "workers", name));

        using var client = _context.CreateClient(parseResult);
        var registration = new AgentRegistration(name, "worker", $"A lightning worker process ({Environment.MachineName}).", capabilities, concurrency,
            AgentLocation.Worker, null, null);
        await RegisterAsync(client, registration, cancellationToken);

        await using var services = LocalServices(configuration, workspace);
        await DatabaseSetup.MigrateAsync(services.GetRequiredService<IDbContextFactory<AgentsDbContext>>(), cancellationToken);
        await MigrateTestingAsync(services, cancellationToken);
        await RegisterLocallyAsync(services.GetRequiredService<AgentRegistry>(), registration with { Location = AgentLocation.InProcess }, cancellationToken);

        var loggers = services.GetRequiredService<ILoggerFactory>();
        var time = services.GetRequiredService<TimeProvider>();
        await using var bus = await BusConnector.ConnectAsync(transport, busOptions, Path.Combine(workspace, "bus.db"), ClaimsStore(configuration, workspace),
            time, loggers, cancellationToken);
        var worker = new SubtaskWorker(bus, services.GetRequiredService<ToolCatalog>(), name, capabilities, concurrency, time, loggers.CreateLogger<SubtaskWorker>());

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = BeatAsync(client, registration, TimeSpan.FromSeconds(Math.Max(0.25, heartbeatSeconds / 2.0)), loggers.CreateLogger<WorkerCommand>(), stopping.Token);
        try
        {
            await worker.RunAsync(stopping.Token, () => _context.Console.Output.WriteLineAsync(
                $"Worker {name} is running: capabilities {string.Join(", ", capabilities)}, concurrency {concurrency.ToString(CultureInfo.InvariantCulture)}, " +
                $"{transport.Transport} at {BusConnector.Describe(transport)}, workspace {workspace}. Press Ctrl+C to stop."));
        }
        finally
        {
            await stopping.CancelAsync();
            await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _context.Console.Output.WriteLineAsync($"Worker {name} stopped.");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Where this worker's RabbitMQ bus remembers published ids: the server's PostgreSQL database when the environment names it
    /// (<c>Lightning__Database__Provider=Postgres</c> and <c>__ConnectionString</c>), so the server and every worker drop each
    /// other's duplicates; otherwise a SQLite file in the worker's workspace (its own duplicates, across its restarts).
    /// </summary>
    internal static LightningOptions ClaimsStore(IConfiguration environment, string workspace)
    {
        var database = new DatabaseOptions();
        environment.GetSection(LightningOptions.SectionName + ":Database").Bind(database);
        return new LightningOptions { DataDirectory = workspace, Database = database };
    }

    static string DefaultName()
    {
        var host = NotInName().Replace(Environment.MachineName.ToLowerInvariant(), "-").Trim('-');
        var name = "worker-" + (host.Length == 0 ? "local" : host);
        return name.Length <= 63 ? name : name[..63].TrimEnd('-');
    }

    /// <summary>Registers the worker, or takes over its earlier registration; never turns another kind of agent into a worker.</summary>
    static async Task RegisterAsync(LightningClient client, AgentRegistration registration, CancellationToken cancellationToken)
    {
        try
        {
            await client.RegisterAgentAsync(registration, cancellationToken);
        }
        catch (LightningApiException ex) when (ex.Status == HttpStatusCode.Conflict)
        {
            var existing = await client.GetAgentAsync(registration.Name!, cancellationToken);
            if (existing.Value.Location != AgentLocation.Worker)
            {
                throw new CliException(ExitCodes.InvalidRequest,
                    $"an agent named '{registration.Name}' exists and is not a worker: choose another --name.");
            }

            await client.UpdateAgentAsync(registration.Name!, registration, cancellationToken);
        }
    }

    static async Task RegisterLocallyAsync(AgentRegistry registry, AgentRegistration registration, CancellationToken cancellationToken)
    {
        if (await registry.FindAsync(registration.Name!, cancellationToken) is null)
        {
            await registry.RegisterAsync(registration, cancellationToken);
        }
        else
        {
            await registry.UpdateAsync(registration.Name!, registration, cancellationToken);
        }
    }

    /// <summary>
    /// The agents module for this worker alone, with the testing module so its agents have the <c>test</c> tool (as the
    /// server's do): SQLite in its workspace, whatever database the server uses; the worker's test runs are recorded there.
    /// </summary>
    internal static ServiceProvider LocalServices(IConfiguration environment, string workspace)
    {
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(environment)
            .AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["Lightning:DataDirectory"] = workspace,
                ["Lightning:Database:Provider"] = nameof(DatabaseProvider.Sqlite),
                ["Lightning:Database:ConnectionString"] = string.Empty,
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss ";
            }));
        services.AddOptions<LightningOptions>().BindConfiguration(LightningOptions.SectionName);
        services.AddLightningAgents();
        services.AddLightningGit();
        services.AddLightningTesting();
        services.AddLightningTestingTools();
        return services.BuildServiceProvider();
    }

    /// <summary>The tables the test tool records runs in (and the git registry it resolves repository names with); runs and generation batches a killed worker left unfinished end.</summary>
    internal static async Task MigrateTestingAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await DatabaseSetup.MigrateAsync(services.GetRequiredService<IDbContextFactory<GitDbContext>>(), cancellationToken);
        await DatabaseSetup.MigrateAsync(services.GetRequiredService<IDbContextFactory<TestingDbContext>>(), cancellationToken);
        await services.GetRequiredService<TestRunService>().RecoverInterruptedAsync(cancellationToken);
        // The test tool's generation batches live in this store too: one a killed worker left running ends failed.
        await services.GetRequiredService<TestGenerationService>().RecoverInterruptedAsync("worker", cancellationToken);
    }

    /// <summary>Beats twice per heartbeat interval, so one slow request never turns the worker offline; re-registers if the server forgot it.</summary>
    static async Task BeatAsync(LightningClient client, AgentRegistration registration, TimeSpan every, ILogger logger, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await client.HeartbeatAsync(registration.Name!, stopping);
            }
            catch (LightningApiException ex) when (ex.Status == HttpStatusCode.NotFound)
            {
                await RegisterQuietlyAsync(client, registration, logger, stopping);
            }
            catch (Exception ex) when (ex is LightningApiException or ServerUnreachableException or HttpRequestException or IOException)
            {
                WorkerLog.HeartbeatFailed(logger, ex.Message);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }

            await Task.Delay(every, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    static async Task RegisterQuietlyAsync(LightningClient client, AgentRegistration registration, ILogger logger, CancellationToken stopping)
    {
        try
        {
            await RegisterAsync(client, registration, stopping);
        }
        catch (Exception ex) when (ex is LightningApiException or ServerUnreachableException or CliException)
        {
            WorkerLog.HeartbeatFailed(logger, ex.Message);
        }
    }
}
