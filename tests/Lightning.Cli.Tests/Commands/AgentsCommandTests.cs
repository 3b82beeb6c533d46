using System.Text.Json;

namespace Lightning.Cli.Tests.Commands;

public sealed class AgentsCommandTests(CliServerFixture server)
{
    [Fact]
    public async Task RegisterListShowRemove_NewAgent_RoundTrips()
    {
        var register = await server.RunAsync("agents", "register", "cli-round-trip", "--role", "reviewer", "--description", "Round trip",
            "--capability", "files,review", "--capability", "extra", "--max-concurrency", "3");
        var list = await server.RunAsync("agents", "list");
        var show = await server.RunAsync("agents", "show", "cli-round-trip");
        var remove = await server.RunAsync("agents", "remove", "cli-round-trip");
        var gone = await server.RunAsync("agents", "show", "cli-round-trip");

        register.ExitCode.ShouldBe(ExitCodes.Ok, register.ToString());
        register.Stdout.ShouldContain("Registered agent 'cli-round-trip'.");
        list.ExitCode.ShouldBe(ExitCodes.Ok, list.ToString());
        var header = list.Stdout.Split('\n')[0];
        header.ShouldStartWith("NAME");
        header.ShouldContain("ROLE");
        header.ShouldContain("CAPABILITIES");
        var row = list.Stdout.Split('\n').Single(line => line.StartsWith("cli-round-trip ", StringComparison.Ordinal));
        row.ShouldContain("reviewer");
        row.ShouldContain("in-process");
        row.ShouldContain("0/3");
        row.ShouldContain("files,review,extra");
        // Columns line up: every row's role starts where the header's ROLE does.
        row.IndexOf("reviewer", StringComparison.Ordinal).ShouldBe(header.IndexOf("ROLE", StringComparison.Ordinal));
        show.ExitCode.ShouldBe(ExitCodes.Ok, show.ToString());
        show.Stdout.ShouldContain("Round trip");
        show.Stdout.ShouldContain("files, review, extra");
        remove.ExitCode.ShouldBe(ExitCodes.Ok, remove.ToString());
        remove.Stdout.ShouldBe("Removed agent 'cli-round-trip'.\n");
        gone.ExitCode.ShouldBe(ExitCodes.NotFound, gone.ToString());
        gone.ErrorLines.ShouldHaveSingleItem().ShouldBe("error: No agent named 'cli-round-trip'.");
    }

    [Fact]
    public async Task List_Json_IsTheApiArrayWithKebabCaseEnums()
    {
        var run = await server.RunAsync("agents", "list", "--json");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        json.RootElement.ValueKind.ShouldBe(JsonValueKind.Array);
        var runner = json.RootElement.EnumerateArray().Single(agent => agent.GetProperty("name").GetString() == CliServerFixture.Agent);
        runner.GetProperty("location").GetString().ShouldBe("in-process");
        runner.GetProperty("maxConcurrency").GetInt32().ShouldBe(16);
    }

    [Fact]
    public async Task Show_Json_IsOneAgentObject()
    {
        var run = await server.RunAsync("agents", "show", "reviewer", "--json");

        using var json = JsonDocument.Parse(run.Stdout);
        json.RootElement.GetProperty("name").GetString().ShouldBe("reviewer");
        json.RootElement.GetProperty("builtIn").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Show_UnknownAgent_ExitsNotFound()
    {
        var run = await server.RunAsync("agents", "show", "nobody-here");

        run.ExitCode.ShouldBe(ExitCodes.NotFound, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldBe("error: No agent named 'nobody-here'.");
    }

    [Fact]
    public async Task Register_ExistingName_ExitsInvalidRequest()
    {
        var run = await server.RunAsync("agents", "register", "reviewer", "--role", "reviewer");

        run.ExitCode.ShouldBe(ExitCodes.InvalidRequest, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldBe("error: An agent named 'reviewer' already exists.");
    }

    [Fact]
    public async Task Register_InvalidFields_JoinsTheServersFieldMessages()
    {
        var run = await server.RunAsync("agents", "register", "Bad_Name", "--role", "Bad Role");

        run.ExitCode.ShouldBe(ExitCodes.InvalidRequest, run.ToString());
        var line = run.ErrorLines.ShouldHaveSingleItem();
        line.ShouldContain("Name is required");
        line.ShouldContain("Role is required");
    }

    [Fact]
    public async Task Register_SshHostWithoutUserAndKey_ExitsUsage()
    {
        var run = await server.RunAsync("agents", "register", "remote-one", "--role", "devops-engineer", "--ssh-host", "example.org");

        run.ExitCode.ShouldBe(ExitCodes.Usage, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldContain("--ssh-host, --ssh-user and --ssh-key");
    }

    [Fact]
    public async Task Remove_UnknownAgent_ExitsNotFound()
    {
        var run = await server.RunAsync("agents", "remove", "nobody-here");

        run.ExitCode.ShouldBe(ExitCodes.NotFound, run.ToString());
    }
}
