using System.Text.Json;

namespace Lightning.Cli.Tests.Commands;

/// <summary>actions show, list and cancel.</summary>
public sealed class ActionsCommandTests(CliServerFixture server)
{
    const string Agent = CliServerFixture.Agent;

    [Fact]
    public async Task List_FilteredByAgentAndStatus_ShowsOnlyThoseInATable()
    {
        await server.RunAsync("actions", "run", Agent, "--", "sh", "-c", "exit 4");
        await server.RunAsync("actions", "run", Agent, "--", "true");

        var run = await server.RunAsync("actions", "list", "--agent", Agent, "--status", "failed", "--limit", "5");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("ID");
        lines[0].ShouldContain("STATUS");
        lines.Skip(1).Where(line => line.StartsWith("act_", StringComparison.Ordinal)).ShouldAllBe(line => line.Contains(" failed "));
        lines.ShouldContain(line => line.Contains("sh -c \"exit 4\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_Json_IsTheApiPage()
    {
        await server.RunAsync("actions", "run", Agent, "--", "true");

        var run = await server.RunAsync("actions", "list", "--limit", "1", "--json");

        using var json = JsonDocument.Parse(run.Stdout);
        json.RootElement.GetProperty("items").GetArrayLength().ShouldBe(1);
        json.RootElement.TryGetProperty("next", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task List_UnknownStatus_ExitsUsage()
    {
        var run = await server.RunAsync("actions", "list", "--status", "done");

        run.ExitCode.ShouldBe(ExitCodes.Usage, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldContain("timed-out");
    }

    [Fact]
    public async Task Cancel_RunningAction_ReportsItCancelled()
    {
        var id = (await server.RunAsync("actions", "run", Agent, "--detach", "--", "sleep", "60")).Stdout.Trim();

        var run = await server.RunAsync("actions", "cancel", id);

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldBe($"Action {id}: cancelled.\n");
    }

    [Fact]
    public async Task Cancel_FinishedAction_ExitsInvalidRequest()
    {
        var json = await server.RunAsync("--json", "actions", "run", Agent, "--", "true");
        using var document = JsonDocument.Parse(json.Stdout);
        var id = document.RootElement.GetProperty("action").GetProperty("id").GetString()!;

        var run = await server.RunAsync("actions", "cancel", id);

        run.ExitCode.ShouldBe(ExitCodes.InvalidRequest, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldContain("has already finished");
    }

    [Fact]
    public async Task Show_UnknownAction_ExitsNotFound()
    {
        var run = await server.RunAsync("actions", "show", "act_nope");

        run.ExitCode.ShouldBe(ExitCodes.NotFound, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldBe("error: No action with id 'act_nope'.");
    }
}
