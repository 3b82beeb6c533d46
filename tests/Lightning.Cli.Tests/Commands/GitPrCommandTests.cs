using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lightning.Core.Serialization;
using Lightning.Git.Registry;
using Lightning.TestUtilities;

namespace Lightning.Cli.Tests.Commands;

/// <summary>
/// <c>lightning git pr list|create|merge</c> through a real server whose connection points at a loopback server answering
/// GitHub's recorded responses, so what reached the "provider" can be checked.
/// </summary>
public sealed class GitPrCommandTests : IAsyncLifetime
{
    const string GitHubToken = "ghp_prCliT0kenValue01";
    readonly RecordedHttpServer _provider = new();
    readonly GitTestRepository _repository = new();
    GitServerCli _cli = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _cli = await GitServerCli.StartAsync();
        _repository.CommitFile("README.md", "# demo\n", "chore: start");
        await _cli.Connections.AddAsync(new HostingConnectionRegistration("work", "github", GitHubToken, _provider.BaseAddress.ToString()), "tests", Token);
        await RegisterAsync(new RepositoryRegistration("demo", Path: _repository.Path, Connection: "work", HostedRepository: "octo/hello"));
    }

    public async ValueTask DisposeAsync()
    {
        await _cli.DisposeAsync();
        _provider.Dispose();
        _repository.Dispose();
    }

    [Fact]
    public async Task List_Table_ShowsThePullRequestsWithTheirNumbers()
    {
        _provider.OnFile("GET", "/api/v3/repos/octo/hello/pulls", "github/pulls.json");

        var run = await _cli.RunAsync(["git", "pr", "list", "--repository", "demo", "--state", "all"], _cli.Viewer);

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldMatch("^NUMBER +STATE +TITLE +HEAD +BASE +URL$");
        lines[1].ShouldMatch(@"^#1347 +open +Amazing new feature +new-topic +main +https://github\.com/octo/hello/pull/1347$");
        lines[2].ShouldStartWith("#1348 ");
        var sent = _provider.Requests.ShouldHaveSingleItem();
        sent.PathAndQuery.ShouldContain("state=all");
        sent.Headers["Authorization"].ShouldBe($"Bearer {GitHubToken}");
    }

    [Fact]
    public async Task List_Json_IsTheApiDocument()
    {
        _provider.OnFile("GET", "/api/v3/repos/octo/hello/pulls", "github/pulls.json");

        var run = await _cli.RunAsync(["git", "pr", "list", "-r", "demo", "--json"], _cli.Viewer);

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        json.RootElement.EnumerateArray().First().GetProperty("number").GetInt64().ShouldBe(1347);
        _provider.Requests.ShouldHaveSingleItem().PathAndQuery.ShouldContain("state=open");
    }

    [Fact]
    public async Task Create_OpensTheDraftWithTheBodyFromStdin()
    {
        _provider.OnFile("POST", "/api/v3/repos/octo/hello/pulls", "github/pull.json", 201);

        var run = await _cli.RunAsync(
            ["git", "pr", "create", "-r", "demo", "--title", "Amazing new feature", "--head", "new-topic", "--base", "main", "--body-file", "-", "--draft"],
            _cli.Operator, stdin: "Please pull\nthese changes");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldBe($"Opened #1347: Amazing new feature{Environment.NewLine}https://github.com/octo/hello/pull/1347{Environment.NewLine}");
        using var body = JsonDocument.Parse(_provider.Requests.ShouldHaveSingleItem().Body);
        body.RootElement.GetProperty("title").GetString().ShouldBe("Amazing new feature");
        body.RootElement.GetProperty("head").GetString().ShouldBe("new-topic");
        body.RootElement.GetProperty("base").GetString().ShouldBe("main");
        body.RootElement.GetProperty("body").GetString().ShouldBe("Please pull\nthese changes");
        body.RootElement.GetProperty("draft").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Merge_Squash_SendsTheMethodAndShaAndPrintsTheCommit()
    {
        _provider.OnFile("PUT", "/api/v3/repos/octo/hello/pulls/1347/merge", "github/pull-merged.json");

        var run = await _cli.RunAsync(["git", "pr", "merge", "1347", "-r", "demo", "--method", "squash", "--sha", "6dcb09b5b57875f334f61aebed695e2e4193db5e"],
            _cli.Operator);

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldBe($"Merged pull request 1347 as 6dcb09b5b57875f334f61aebed695e2e4193db5e.{Environment.NewLine}");
        using var body = JsonDocument.Parse(_provider.Requests.ShouldHaveSingleItem().Body);
        body.RootElement.GetProperty("merge_method").GetString().ShouldBe("squash");
        body.RootElement.GetProperty("sha").GetString().ShouldBe("6dcb09b5b57875f334f61aebed695e2e4193db5e");
    }

    [Fact]
    public async Task Merge_WithAViewerKey_IsRefusedWithExit4()
    {
        var run = await _cli.RunAsync(["git", "pr", "merge", "1347", "-r", "demo"], _cli.Viewer);

        run.ExitCode.ShouldBe(ExitCodes.Auth, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem();
        _provider.Requests.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("git pr merge 0 -r demo", ExitCodes.Usage, "error: NUMBER must be a pull request number (a positive whole number), not '0'.")]
    [InlineData("git pr merge abc -r demo", ExitCodes.Usage, "error: NUMBER must be a pull request number")]
    [InlineData("git pr merge 12 -r demo --method fast-forward", ExitCodes.Usage, "error: Argument 'fast-forward' not recognized.")]
    [InlineData("git pr list", ExitCodes.Usage, "error: Option '--repository' is required.")]
    [InlineData("git pr create -r demo --title T --head a", ExitCodes.Usage, "error: Option '--base' is required.")]
    [InlineData("git pr create -r demo --title T --head a --base b --body x --body-file y", ExitCodes.Usage, "error: Give the description with --body or --body-file, not both.")]
    [InlineData("git pr create -r demo --title T --head a --base b --body-file /nonexistent/body.md", ExitCodes.Usage, "error: cannot read --body-file '/nonexistent/body.md'")]
    [InlineData("git pr create -r demo --title   --head a --base b", ExitCodes.Usage, "error: ")]
    [InlineData("git pr list -r nope", ExitCodes.NotFound, "error: ")]
    [InlineData("git pr list -r plain", ExitCodes.InvalidRequest, "not linked to a hosting connection")]
    public async Task BadInput_OneErrorLineAndNonZeroExit_NothingSent(string command, int exitCode, string error)
    {
        await RegisterAsync(new RepositoryRegistration("plain", Path: _repository.Path));

        var run = await _cli.RunAsync(command.Split(' ', StringSplitOptions.RemoveEmptyEntries), _cli.Operator);

        run.ExitCode.ShouldBe(exitCode, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldContain(error);
        _provider.Requests.ShouldBeEmpty();
    }

    async Task RegisterAsync(RepositoryRegistration registration)
    {
        using var http = new HttpClient { BaseAddress = _cli.Server.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _cli.Admin);
        var response = await http.PostAsJsonAsync("/api/v2/git/repositories", registration, LightningJson.Options, Token);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Token));
    }
}
