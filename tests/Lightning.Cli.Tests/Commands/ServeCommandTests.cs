using System.Net;
using System.Net.Sockets;
using Lightning.Cli.Commands;
using Lightning.TestUtilities;

namespace Lightning.Cli.Tests.Commands;

public sealed class ServeCommandTests
{
    [Fact]
    public void ServerArguments_Shorthands_BecomeTheServersConfigurationKeys()
    {
        var command = new ServeCommand(new CliConsole(TextWriter.Null, TextWriter.Null));
        var parseResult = command.Parse(["--urls", "http://127.0.0.1:6000", "--data", "/srv/lightning", "--postgres", "Host=db;Database=l", "--", "--Lightning:Auth:AllowAnonymousLoopback=true"]);

        parseResult.Errors.ShouldBeEmpty();
        command.ServerArguments(parseResult).ShouldBe(
        [
            "--urls", "http://127.0.0.1:6000",
            "--Lightning:DataDirectory=/srv/lightning",
            "--Lightning:Database:Provider=Postgres",
            "--Lightning:Database:ConnectionString=Host=db;Database=l",
            "--Lightning:Auth:AllowAnonymousLoopback=true",
        ]);
    }

    [Fact]
    public void ServerArguments_SettingWithoutDoubleDash_PassesThrough()
    {
        var command = new ServeCommand(new CliConsole(TextWriter.Null, TextWriter.Null));
        var parseResult = command.Parse(["--Lightning:Agents:MaxTimeoutSeconds=7200"]);

        parseResult.Errors.ShouldBeEmpty();
        command.ServerArguments(parseResult).ShouldBe(["--Lightning:Agents:MaxTimeoutSeconds=7200"]);
    }

    [Fact]
    public async Task Serve_PostgresUnreachable_ExitsDatabaseUnavailableWithOneLine()
    {
        using var data = new TempDirectory();
        var connectionString = $"Host=127.0.0.1;Port={ClosedPort()};Username=nobody;Password=none;Database=none;Timeout=5";

        var run = await CliRun.ExecuteAsync(
            ["serve", "--urls", "http://127.0.0.1:0", "--data", data.Path, "--postgres", connectionString, "--", "--Logging:LogLevel:Default=None"],
            new Dictionary<string, string?>(), TestContext.Current.CancellationToken);

        run.ExitCode.ShouldBe(ExitCodes.DatabaseUnavailable, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("error: Cannot open the PostgreSQL database");
    }

    static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
