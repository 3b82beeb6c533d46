using System.Text.Json;

namespace Lightning.Cli.Tests.Commands;

public sealed class StatusCommandTests(CliServerFixture server)
{
    [Fact]
    public async Task Status_ReadyServer_ShowsItsOverview()
    {
        var run = await server.RunAsync("status");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldContain("(ready)");
        run.Stdout.ShouldContain("Database:  sqlite");
        run.Stdout.ShouldContain("You:       admin (admin)");
    }

    [Fact]
    public async Task Status_Json_CombinesReadinessAndStatus()
    {
        var run = await server.RunAsync("status", "--json");

        using var json = JsonDocument.Parse(run.Stdout);
        json.RootElement.GetProperty("ready").GetBoolean().ShouldBeTrue();
        json.RootElement.GetProperty("health").GetString().ShouldBe("Healthy");
        json.RootElement.GetProperty("status").GetProperty("database").GetString().ShouldBe("sqlite");
        json.RootElement.GetProperty("status").GetProperty("agents").GetProperty("total").GetInt32().ShouldBeGreaterThan(0);
    }
}
