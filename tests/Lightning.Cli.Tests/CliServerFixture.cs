using System.Text.RegularExpressions;
using Lightning.Agents.Registry;
using Lightning.Server.Hosting;
using Lightning.TestUtilities;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(Lightning.Cli.Tests.CliServerFixture))]

namespace Lightning.Cli.Tests;

/// <summary>
/// One real server for the CLI tests: Kestrel on a free loopback port, SQLite in a temp data directory, the
/// bootstrap admin key captured as a user would copy it from the console, and an agent for command actions.
/// </summary>
public sealed partial class CliServerFixture : IAsyncLifetime
{
    /// <summary>An agent that may run commands and file actions, with room for the tests running in parallel.</summary>
    public const string Agent = "cli-runner";

    readonly TempDirectory _data = new();
    WebApplication? _app;

    public string Url { get; private set; } = string.Empty;

    public string AdminKey { get; private set; } = string.Empty;

    [GeneratedRegex("lk_[A-Za-z0-9_-]+")]
    private static partial Regex KeyPattern();

    public async ValueTask InitializeAsync()
    {
        var console = new StringWriter();
        PlatformBootstrap.AdminKeyOutput = console;
        var builder = LightningServer.CreateBuilder(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Lightning:DataDirectory={_data.Path}",
            "--Lightning:RateLimit:PermitsPerSecond=100000",
            "--Lightning:RateLimit:Burst=100000",
            "--Logging:LogLevel:Default=Warning",
        ]);
        _app = LightningServer.Build(builder);
        await _app.StartAsync(TestContext.Current.CancellationToken);
        Url = _app.Urls.Single();
        AdminKey = KeyPattern().Match(console.ToString()).Value;
        AdminKey.ShouldNotBeEmpty("the first start prints an admin key");

        await _app.Services.GetRequiredService<AgentRegistry>().RegisterAsync(
            new AgentRegistration(Agent, "devops-engineer", "Runs the CLI tests' commands.", ["command", "files"], 16, AgentLocation.InProcess, null, null),
            TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        _data.Dispose();
    }

    /// <summary>Runs <c>lightning</c> in process against this server, with the admin key unless <paramref name="environment"/> says otherwise.</summary>
    public async Task<CliRun> RunAsync(string[] args, IReadOnlyDictionary<string, string?>? environment = null, CancellationToken? cancellationToken = null) =>
        await CliRun.ExecuteAsync(args, Variables(environment), cancellationToken ?? TestContext.Current.CancellationToken);

    /// <summary>Starts <c>lightning</c> against this server and returns at once; cancelling the token is Ctrl+C.</summary>
    public CliRun.Running Start(string[] args, CancellationToken cancellationToken) => CliRun.Start(args, Variables(null), cancellationToken);

    Dictionary<string, string?> Variables(IReadOnlyDictionary<string, string?>? environment)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [GlobalOptions.ServerVariable] = Url,
            [GlobalOptions.ApiKeyVariable] = AdminKey,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        return variables;
    }

    public Task<CliRun> RunAsync(params string[] args) => RunAsync(args, null);
}
