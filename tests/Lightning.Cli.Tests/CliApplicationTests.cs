using System.Net;
using System.Net.Sockets;

namespace Lightning.Cli.Tests;

public sealed class CliApplicationTests(CliServerFixture server)
{
    [Fact]
    public async Task Help_Root_ListsCommandsEnvironmentAndExitCodes()
    {
        var run = await server.RunAsync("--help");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldContain("serve");
        run.Stdout.ShouldContain("agents");
        run.Stdout.ShouldContain("LIGHTNING_API_KEY");
        run.Stdout.ShouldContain("Exit codes:");
        run.Stdout.ShouldContain("130");
        run.Stderr.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("status")]
    [InlineData("agents list")]
    [InlineData("agents show")]
    [InlineData("agents register")]
    [InlineData("agents remove")]
    [InlineData("actions run")]
    [InlineData("actions show")]
    [InlineData("actions list")]
    [InlineData("actions cancel")]
    [InlineData("keys create")]
    [InlineData("keys list")]
    [InlineData("keys revoke")]
    public async Task Help_ServerCommand_SaysItCallsTheServer(string command)
    {
        var run = await server.RunAsync([.. command.Split(' '), "--help"]);

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldContain("(calls the server)");
    }

    [Fact]
    public async Task Help_Serve_SaysItNeedsNoServer()
    {
        var run = await server.RunAsync("serve", "--help");

        run.Stdout.ShouldContain("needs no other server");
        run.Stdout.ShouldContain("--postgres");
    }

    [Fact]
    public async Task Parse_UnknownCommand_ExitsUsageWithOneErrorLine()
    {
        var run = await server.RunAsync("agnets", "list");

        run.ExitCode.ShouldBe(ExitCodes.Usage, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("error: Unrecognized command or argument 'agnets'");
        run.Stdout.ShouldBeEmpty();
    }

    [Fact]
    public async Task Parse_MissingRequiredOption_ExitsUsage()
    {
        var run = await server.RunAsync("agents", "register", "someone");

        run.ExitCode.ShouldBe(ExitCodes.Usage, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldContain("--role");
    }

    [Fact]
    public async Task Parse_BadOptionValue_ExitsUsage()
    {
        var run = await server.RunAsync("actions", "list", "--limit", "many");

        run.ExitCode.ShouldBe(ExitCodes.Usage, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldBe("error: --limit must be a whole number from 1 to 500, not 'many'. See 'lightning actions list --help'.");
    }

    [Theory]
    [InlineData("actions", "run", "cli-runner", "--timeout", "0", "--", "true")]
    [InlineData("actions", "run", "cli-runner", "--kind", "shell", "--", "true")]
    [InlineData("agents", "register", "x", "--role", "r", "--max-concurrency", "65")]
    [InlineData("agents", "show")]
    public async Task Parse_InvalidArguments_ExitsUsageWithOneLine(params string[] args)
    {
        var run = await server.RunAsync(args);

        run.ExitCode.ShouldBe(ExitCodes.Usage, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("error: ");
        run.Stdout.ShouldBeEmpty();
    }

    [Fact]
    public async Task Parse_GroupWithoutSubcommand_PrintsItsHelpAndExitsUsage()
    {
        var run = await server.RunAsync("keys");

        run.ExitCode.ShouldBe(ExitCodes.Usage, run.ToString());
        run.Stdout.ShouldContain("revoke");
        run.ErrorLines.ShouldHaveSingleItem().ShouldBe("error: choose a command: create, list, revoke.");
    }

    [Fact]
    public async Task Server_NothingListening_ExitsUnreachable()
    {
        var run = await server.RunAsync(["agents", "list"], new Dictionary<string, string?> { [GlobalOptions.ServerVariable] = $"http://127.0.0.1:{ClosedPort()}" });

        run.ExitCode.ShouldBe(ExitCodes.ServerUnreachable, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("error: cannot reach the server at http://127.0.0.1:");
    }

    [Fact]
    public async Task Server_MalformedUrl_ExitsUsage()
    {
        var run = await server.RunAsync("agents", "list", "--server", "localhost:5250");

        run.ExitCode.ShouldBe(ExitCodes.Usage, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldContain("--server");
    }

    [Fact]
    public async Task ApiKey_Missing_ExitsAuthWithOneLine()
    {
        var run = await server.RunAsync(["agents", "list"], new Dictionary<string, string?> { [GlobalOptions.ApiKeyVariable] = null });

        run.ExitCode.ShouldBe(ExitCodes.Auth, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldBe("error: the server needs an API key: pass --api-key KEY or set LIGHTNING_API_KEY.");
        run.Stdout.ShouldBeEmpty();
    }

    [Fact]
    public async Task ApiKey_Invalid_ExitsAuth()
    {
        var run = await server.RunAsync("agents", "list", "--api-key", "lk_000000000000_not-a-real-secret");

        run.ExitCode.ShouldBe(ExitCodes.Auth, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldBe("error: The API key is invalid or revoked.");
    }

    /// <summary>A loopback port that nothing listens on: bound once to get it, then released.</summary>
    static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
