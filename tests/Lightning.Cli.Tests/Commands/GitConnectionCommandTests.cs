using System.Text.Json;
using Lightning.Git.Registry;

namespace Lightning.Cli.Tests.Commands;

/// <summary><c>lightning git connection list|add|rotate|remove</c> against a real server: tokens only from stdin or a named variable.</summary>
public sealed class GitConnectionCommandTests : IAsyncLifetime
{
    const string GitHubToken = "ghp_cliT0kenValue0001";
    const string NewToken = "ghp_cliRotatedT0ken02";
    const string HookSecret = "cli-hook-secret";
    GitServerCli _cli = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _cli = await GitServerCli.StartAsync();

    public ValueTask DisposeAsync() => _cli.DisposeAsync();

    [Fact]
    public async Task Add_TokenFromEnvironmentSecretFromStdin_StoresThemAndPrintsTheWebhookUrl()
    {
        var run = await _cli.RunAsync(
            ["git", "connection", "add", "work", "--provider", "github", "--token-env", "GH_TOKEN", "--webhook-secret-stdin"],
            environment: new Dictionary<string, string?> { ["GH_TOKEN"] = GitHubToken },
            stdin: HookSecret + "\n");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldContain("Added connection 'work'.");
        run.Stdout.ShouldContain("Base URL:        https://api.github.com");
        run.Stdout.ShouldContain($"Webhook URL:     {_cli.Server.Address}api/v2/git/webhooks/github/work");
        run.Stdout.ShouldNotContain(GitHubToken);
        run.Stdout.ShouldNotContain(HookSecret);
        (await _cli.Connections.TokenAsync("work", Token)).ShouldBe(GitHubToken);
        (await _cli.Connections.GetSecretAsync("github", "work", Token)).ShouldNotBeNull().Secret.ShouldBe(HookSecret);
    }

    [Fact]
    public async Task Add_TokenFromStdin_ListShowsTheConnectionNeverTheToken()
    {
        var added = await _cli.RunAsync(["git", "connection", "add", "lab", "--provider", "gitlab", "--base-url", "https://gitlab.example.com/", "--token-stdin"],
            stdin: GitHubToken + "\r\n");
        var table = await _cli.RunAsync(["git", "connection", "list"], _cli.Viewer);
        var json = await _cli.RunAsync(["git", "connection", "list", "--json"], _cli.Viewer);

        added.ExitCode.ShouldBe(ExitCodes.Ok, added.ToString());
        added.Stdout.ShouldContain("Webhook secret:  none");
        (await _cli.Connections.TokenAsync("lab", Token)).ShouldBe(GitHubToken);
        table.ExitCode.ShouldBe(ExitCodes.Ok, table.ToString());
        var lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldMatch("^NAME +PROVIDER +BASE URL +WEBHOOK SECRET +CREATED +UPDATED$");
        lines[1].ShouldMatch(@"^lab +gitlab +https://gitlab\.example\.com +none +\d{4}-\d\d-\d\d \d\d:\d\d by cli-admin +-$");
        using var document = JsonDocument.Parse(json.Stdout);
        var connection = document.RootElement.EnumerateArray().ShouldHaveSingleItem();
        connection.GetProperty("name").GetString().ShouldBe("lab");
        connection.GetProperty("hasWebhookSecret").GetBoolean().ShouldBeFalse();
        (table.Stdout + json.Stdout).ShouldNotContain(GitHubToken);
    }

    [Fact]
    public async Task List_Empty_SaysHowToAdd()
    {
        var run = await _cli.RunAsync(["git", "connection", "list"]);

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldBe("No hosting connections. Add one with 'lightning git connection add'." + Environment.NewLine);
    }

    [Theory]
    [InlineData("git connection add work --provider github", ExitCodes.Usage, "error: give the access token with --token-stdin or --token-env NAME (never as an argument).")]
    [InlineData("git connection add work --provider github --token-env MISSING", ExitCodes.Usage, "error: --token-env: the environment variable 'MISSING' is not set or is empty.")]
    [InlineData("git connection add work --provider github --token-stdin", ExitCodes.Usage, "error: --token-stdin: standard input held no access token.")]
    [InlineData("git connection add work --provider github --token ghp_visible", ExitCodes.Usage, "error: Unrecognized command or argument '--token'.")]
    [InlineData("git connection add work --provider bitbucket --token-env GH_TOKEN", ExitCodes.Usage, "error: Argument 'bitbucket' not recognized.")]
    [InlineData("git connection add work --provider github --token-stdin --webhook-secret-stdin", ExitCodes.Usage, "error: Standard input can hold one secret")]
    [InlineData("git connection add Work --provider github --token-env GH_TOKEN", ExitCodes.InvalidRequest, "error: ")]
    [InlineData("git connection add work --provider github --base-url http://github.example.com --token-env GH_TOKEN", ExitCodes.InvalidRequest, "error: Plain http is accepted only for loopback hosts")]
    [InlineData("git connection list --path /tmp", ExitCodes.Usage, "error: --path names a local repository")]
    [InlineData("git connection rotate work", ExitCodes.Usage, "error: nothing to change")]
    [InlineData("git connection rotate nope --token-env GH_TOKEN", ExitCodes.NotFound, "error: No hosting connection named 'nope'")]
    [InlineData("git connection remove nope", ExitCodes.NotFound, "error: No hosting connection named 'nope'")]
    public async Task BadInput_OneErrorLineAndNonZeroExit_NothingStored(string command, int exitCode, string error)
    {
        var run = await _cli.RunAsync(command.Split(' '), environment: new Dictionary<string, string?> { ["GH_TOKEN"] = GitHubToken }, stdin: string.Empty);

        run.ExitCode.ShouldBe(exitCode, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldContain(error);
        run.Stderr.ShouldNotContain(GitHubToken);
        (await _cli.Connections.ListAsync(Token)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Add_WithAViewerKey_IsRefusedWithExit4()
    {
        var run = await _cli.RunAsync(["git", "connection", "add", "work", "--provider", "github", "--token-env", "GH_TOKEN"], _cli.Viewer,
            new Dictionary<string, string?> { ["GH_TOKEN"] = GitHubToken });

        run.ExitCode.ShouldBe(ExitCodes.Auth, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem();
        (await _cli.Connections.ListAsync(Token)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Rotate_TokenFromStdin_ReplacesItInPlaceAndShowsWhen()
    {
        await _cli.Connections.AddAsync(new HostingConnectionRegistration("work", "github", GitHubToken, WebhookSecret: HookSecret), "ada", Token);

        var run = await _cli.RunAsync(["git", "connection", "rotate", "work", "--token-stdin"], stdin: NewToken + "\n");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldContain("Updated connection 'work': token.");
        run.Stdout.ShouldMatch(@"(?m)^Updated: +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d by cli-admin$");
        run.Stdout.ShouldContain("Created:");
        run.Stdout.ShouldContain("by ada");
        run.Stdout.ShouldNotContain(NewToken);
        (await _cli.Connections.TokenAsync("work", Token)).ShouldBe(NewToken);
        (await _cli.Connections.GetSecretAsync("github", "work", Token)).ShouldNotBeNull().Secret.ShouldBe(HookSecret);
    }

    [Fact]
    public async Task Rotate_WebhookSecretFromEnvironmentThenRemoved_Json()
    {
        await _cli.Connections.AddAsync(new HostingConnectionRegistration("work", "github", GitHubToken), "ada", Token);

        var set = await _cli.RunAsync(["git", "connection", "rotate", "work", "--webhook-secret-env", "HOOK", "--json"],
            environment: new Dictionary<string, string?> { ["HOOK"] = HookSecret });
        var removed = await _cli.RunAsync(["git", "connection", "rotate", "work", "--remove-webhook-secret"]);

        set.ExitCode.ShouldBe(ExitCodes.Ok, set.ToString());
        using (var json = JsonDocument.Parse(set.Stdout))
        {
            json.RootElement.GetProperty("hasWebhookSecret").GetBoolean().ShouldBeTrue();
            json.RootElement.GetProperty("updatedBy").GetString().ShouldBe("cli-admin");
        }

        set.Stdout.ShouldNotContain(HookSecret);
        removed.ExitCode.ShouldBe(ExitCodes.Ok, removed.ToString());
        removed.Stdout.ShouldContain("Updated connection 'work': webhook secret removed.");
        (await _cli.Connections.GetSecretAsync("github", "work", Token)).ShouldNotBeNull().Secret.ShouldBeNull();
        (await _cli.Connections.TokenAsync("work", Token)).ShouldBe(GitHubToken);
    }

    [Fact]
    public async Task Remove_ForgetsTheConnection()
    {
        await _cli.Connections.AddAsync(new HostingConnectionRegistration("work", "github", GitHubToken), "ada", Token);

        var run = await _cli.RunAsync(["git", "connection", "remove", "work"]);

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldBe("Removed connection 'work'." + Environment.NewLine);
        (await _cli.Connections.ListAsync(Token)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Help_SaysTokensAreNeverArgumentsAndThatItCallsTheServer()
    {
        var run = await _cli.RunAsync(["git", "connection", "add", "--help"]);

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldContain("never command-line arguments");
        run.Stdout.ShouldContain("--token-env <NAME>");
        run.Stdout.ShouldContain("(calls the server)");
    }
}
