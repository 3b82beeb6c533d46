using System.Net;
using System.Text.Json;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints;
using Lightning.Server.Hosting;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints;

/// <summary>Health, status, OpenAPI, the dashboard and start-up failures.</summary>
public sealed class PlatformEndpointsTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_LiveAndReady_AnswerWithoutAKey()
    {
        await using var app = new LightningAppFactory();
        var client = app.CreateClient();

        (await client.GetAsync("/health/live", Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await client.GetAsync("/health/ready", Token);

        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync(Token)).ShouldBe("Healthy");
    }

    [Fact]
    public async Task Status_ShowsVersionDatabaseAgentsModelAndCaller()
    {
        await using var app = new LightningAppFactory();
        var client = await app.CreateClientAsync(ApiKeyRole.Viewer, Token);

        var status = await (await client.GetAsync("/api/v2/status", Token)).ReadAsync<PlatformStatus>();

        status.Database.ShouldBe("sqlite");
        status.Agents.Total.ShouldBe(15);
        status.Agents.Idle.ShouldBe(15);
        status.Model.Configured.ShouldBeFalse();
        status.Caller.ShouldBe(new Caller("test-viewer", "viewer"));
    }

    [Fact]
    public async Task OpenApi_DocumentAndBrowsableUi_AreServed()
    {
        await using var app = new LightningAppFactory();
        var client = app.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Token));
        var ui = await client.GetAsync("/scalar/v1", Token);

        var paths = document.RootElement.GetProperty("paths");
        paths.TryGetProperty("/api/v2/agents", out _).ShouldBeTrue();
        paths.TryGetProperty("/api/v2/actions/{id}/cancel", out _).ShouldBeTrue();
        paths.TryGetProperty("/api/v2/keys", out _).ShouldBeTrue();
        ui.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ui.Content.ReadAsStringAsync(Token)).ShouldContain("Agent Lightning API");
    }

    [Fact]
    public async Task Dashboard_NotBuilt_RootSaysHowToBuildIt()
    {
        using var empty = new TempDirectory();
        await using var app = new LightningAppFactory(new Dictionary<string, string?> { ["Lightning:Dashboard:Path"] = empty.Path });

        var problem = await (await app.CreateClient().GetAsync("/", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem.GetProperty("detail").GetString()!.ShouldContain("scripts/start.sh");
    }

    [Fact]
    public async Task Dashboard_Built_ServesIndexAndFallsBackForClientRoutesButNotApi()
    {
        using var site = new TempDirectory();
        await File.WriteAllTextAsync(site.Combine("index.html"), "<html>lightning dashboard</html>", Token);
        Directory.CreateDirectory(site.Combine("assets"));
        await File.WriteAllTextAsync(site.Combine("assets", "app.js"), "console.log(1)", Token);
        await using var app = new LightningAppFactory(new Dictionary<string, string?> { ["Lightning:Dashboard:Path"] = site.Path });
        var client = app.CreateClient();

        (await client.GetStringAsync("/", Token)).ShouldContain("lightning dashboard");
        (await client.GetStringAsync("/agents/devops-engineer", Token)).ShouldContain("lightning dashboard");
        (await client.GetStringAsync("/assets/app.js", Token)).ShouldBe("console.log(1)");
        await (await client.GetAsync("/api/v2/nothing-here", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Dashboard_Built_BodylessPostStillReachesItsApiRoute()
    {
        // A route whose JSON body is optional, posted without body or Content-Type: the route answers (its own 404
        // for an unknown repository), not the dashboard's fallback ("No endpoint at ...").
        using var site = new TempDirectory();
        await File.WriteAllTextAsync(site.Combine("index.html"), "<html>lightning dashboard</html>", Token);
        await using var app = new LightningAppFactory(new Dictionary<string, string?> { ["Lightning:Dashboard:Path"] = site.Path });
        var client = await app.CreateClientAsync(ApiKeyRole.Operator, Token);

        var problem = await (await client.PostAsync("/api/v2/git/repositories/nope/fetch", content: null, Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem.GetProperty("code").GetString().ShouldBe("git.repository_not_found");
    }

    [Fact]
    public async Task RunAsync_DatabaseUnavailable_PrintsOneClearLineAndExits7()
    {
        using var data = new TempDirectory();
        var error = new StringWriter();

        var exit = await LightningServer.RunAsync(
        [
            "--urls=http://127.0.0.1:0",
            $"--Lightning:DataDirectory={data.Path}",
            "--Lightning:Database:Provider=Postgres",
            "--Lightning:Database:ConnectionString=Host=127.0.0.1;Port=1;Username=u;Password=hunter2;Database=lightning;Timeout=2",
            "--Logging:LogLevel:Default=None",
        ], error);

        exit.ShouldBe(LightningServer.ExitDatabaseUnavailable);
        var lines = error.ToString().Trim().Split('\n');
        lines.ShouldHaveSingleItem().ShouldStartWith("error: Cannot open the PostgreSQL database at 127.0.0.1:1/lightning:");
        error.ToString().ShouldNotContain("hunter2");
    }

    [Fact]
    public async Task RunAsync_UnwritableDataDirectory_FailsClearly()
    {
        using var data = new TempDirectory();
        var file = data.Combine("not-a-directory");
        await File.WriteAllTextAsync(file, "x", Token);
        var error = new StringWriter();

        var exit = await LightningServer.RunAsync(["--urls=http://127.0.0.1:0", $"--Lightning:DataDirectory={file}", "--Logging:LogLevel:Default=None"], error);

        exit.ShouldNotBe(0);
        error.ToString().ShouldStartWith("error: ");
    }

    [Fact]
    public async Task Postgres_WholeApi_WorksOnARealServer()
    {
        await using var database = await TestServices.CreatePostgresDatabaseAsync(Token);
        await using var app = new LightningAppFactory(new Dictionary<string, string?>
        {
            ["Lightning:Database:Provider"] = "Postgres",
            ["Lightning:Database:ConnectionString"] = database.ConnectionString,
        });
        var client = await app.CreateClientAsync(ApiKeyRole.Admin, Token);

        var status = await (await client.GetAsync("/api/v2/status", Token)).ReadAsync<PlatformStatus>();
        var keys = await (await client.GetAsync("/api/v2/keys", Token)).ReadAsync<List<ApiKeyView>>();
        var ready = await client.GetAsync("/health/ready", Token);

        status.Database.ShouldBe("postgres");
        status.Agents.Total.ShouldBe(15);
        keys.Select(k => k.Name).ShouldBe(["admin", "test-admin"], ignoreOrder: true);
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
