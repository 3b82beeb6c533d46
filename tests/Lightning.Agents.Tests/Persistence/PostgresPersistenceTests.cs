using Lightning.Agents.Actions;
using Lightning.Agents.Registry;
using Lightning.TestUtilities;

namespace Lightning.Agents.Tests.Persistence;

/// <summary>The same model on a real PostgreSQL server (scripts/services/postgres.sh): migrations, registry and action history.</summary>
public sealed class PostgresPersistenceTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AgentsAndActions_OnPostgres_WorkLikeOnSqlite()
    {
        await using var database = await TestServices.CreatePostgresDatabaseAsync(Token);
        await using var host = await AgentsHost.StartAsync(new Dictionary<string, string?>
        {
            ["Lightning:Database:Provider"] = "Postgres",
            ["Lightning:Database:ConnectionString"] = database.ConnectionString,
        });

        (await host.Registry.ListAsync(Token)).Count.ShouldBe(15);
        await host.Registry.RegisterAsync(new AgentRegistration("pg-agent", "database-specialist", null, ["command", "sql"], 2, null, null, null), Token);
        var first = await host.RunAsync(new ActionRequest("pg-agent", ActionKind.Command, ["echo", "from postgres"]), Token);
        var second = await host.RunAsync(new ActionRequest("pg-agent", ActionKind.Command, ["false"]), Token);

        (await host.Actions.GetOutputAsync(first.Id, Token))!.Output.ShouldBe("from postgres\n");
        var page = await host.Actions.ListAsync(new ActionQuery(Agent: "pg-agent", Limit: 1), Token);
        page.Items.ShouldHaveSingleItem().Id.ShouldBe(second.Id);
        (await host.Actions.ListAsync(new ActionQuery(Agent: "pg-agent", Before: page.Next), Token)).Items.ShouldHaveSingleItem().Id.ShouldBe(first.Id);
        (await host.Actions.ListAsync(new ActionQuery(Status: ActionStatus.Failed), Token)).Items.ShouldHaveSingleItem().Id.ShouldBe(second.Id);
        (await host.Registry.FindAsync("pg-agent", Token))!.Capabilities.ShouldBe(["command", "sql"]);
    }

    [Fact]
    public async Task Migrate_UnreachablePostgres_FailsWithOneClearMessage()
    {
        var error = await Should.ThrowAsync<Lightning.Core.Errors.LightningException>(() => AgentsHost.StartAsync(new Dictionary<string, string?>
        {
            ["Lightning:Database:Provider"] = "Postgres",
            ["Lightning:Database:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=x;Password=secret-password;Database=x;Timeout=3",
        }));

        error.Code.ShouldBe("database.unavailable");
        error.Message.ShouldStartWith("Cannot open the PostgreSQL database at 127.0.0.1:1/x:");
        error.Message.ShouldNotContain("secret-password");
    }
}
