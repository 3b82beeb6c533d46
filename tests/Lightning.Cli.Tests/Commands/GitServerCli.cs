using Lightning.Git.Registry;
using Lightning.Server.Auth;
using Lightning.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Cli.Tests.Commands;

/// <summary>A real server of its own for the <c>git connection</c> and <c>git pr</c> tests, with a key per role.</summary>
internal sealed class GitServerCli : IAsyncDisposable
{
    GitServerCli(RealServer server)
    {
        Server = server;
    }

    public RealServer Server { get; }

    public string Admin { get; private set; } = string.Empty;

    public string Operator { get; private set; } = string.Empty;

    public string Viewer { get; private set; } = string.Empty;

    public HostingConnectionStore Connections => Server.App.Services.GetRequiredService<HostingConnectionStore>();

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<GitServerCli> StartAsync()
    {
        var cli = new GitServerCli(await RealServer.StartAsync());
        var keys = cli.Server.App.Services.GetRequiredService<ApiKeyStore>();
        cli.Admin = (await keys.CreateAsync("cli-admin", ApiKeyRole.Admin, "tests", Token)).Key;
        cli.Operator = (await keys.CreateAsync("cli-operator", ApiKeyRole.Operator, "tests", Token)).Key;
        cli.Viewer = (await keys.CreateAsync("cli-viewer", ApiKeyRole.Viewer, "tests", Token)).Key;
        return cli;
    }

    /// <summary>Runs <c>lightning</c> against this server with <paramref name="key"/> (the admin's by default).</summary>
    public Task<CliRun> RunAsync(string[] args, string? key = null, IReadOnlyDictionary<string, string?>? environment = null, string? stdin = null)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [GlobalOptions.ServerVariable] = Server.Address.ToString(),
            [GlobalOptions.ApiKeyVariable] = key ?? Admin,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        return CliRun.ExecuteAsync(args, variables, Token, stdin);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
