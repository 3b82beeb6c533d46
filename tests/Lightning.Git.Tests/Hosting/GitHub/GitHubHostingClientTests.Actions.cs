using Lightning.Core.Errors;
using Lightning.Git.Hosting.GitHub;
using Lightning.TestUtilities;

namespace Lightning.Git.Tests.Hosting.GitHub;

public sealed partial class GitHubHostingClientTests
{
    [Fact]
    public async Task DispatchWorkflowAsync_RefAndInputs_PostsToDispatches()
    {
        using var server = new RecordedHttpServer().On("POST", "/api/v3/repos/octo/hello/actions/workflows/build.yml/dispatches", 204, string.Empty);
        using var client = GitHubTestClient.Create(server);

        await client.DispatchWorkflowAsync("octo/hello", "build.yml", "main", new Dictionary<string, string> { ["environment"] = "staging", ["debug"] = "true" }, Ct);

        var body = Json(server.Requests.Single());
        body.GetProperty("ref").GetString().ShouldBe("main");
        body.GetProperty("inputs").GetProperty("environment").GetString().ShouldBe("staging");
        body.GetProperty("inputs").GetProperty("debug").GetString().ShouldBe("true");
        server.ShouldAllBeAuthenticated();
    }

    [Fact]
    public async Task DispatchWorkflowAsync_NoRef_InvalidWithoutRequest()
    {
        using var server = new RecordedHttpServer();
        using var client = GitHubTestClient.Create(server);

        var error = await Should.ThrowAsync<LightningException>(() => client.DispatchWorkflowAsync("octo/hello", "build.yml", " ", null, Ct));

        error.Code.ShouldBe("github.invalid_workflow");
        server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task ListWorkflowRunsAsync_ThreeWrappedPages_AllRuns()
    {
        using var server = new RecordedHttpServer()
            .OnFile("GET", "/api/v3/repos/octo/hello/actions/workflows/build.yml/runs?per_page=100&branch=main", "github/workflow-runs-page1.json",
                headers: Link("/api/v3/repositories/1296269/actions/workflows/build.yml/runs?per_page=100&branch=main&page=2", "/api/v3/repositories/1296269/actions/workflows/build.yml/runs?per_page=100&branch=main&page=3"))
            .OnFile("GET", "/api/v3/repositories/1296269/actions/workflows/build.yml/runs?per_page=100&branch=main&page=2", "github/workflow-runs-page2.json",
                headers: Link("/api/v3/repositories/1296269/actions/workflows/build.yml/runs?per_page=100&branch=main&page=3", "/api/v3/repositories/1296269/actions/workflows/build.yml/runs?per_page=100&branch=main&page=3"))
            .OnFile("GET", "/api/v3/repositories/1296269/actions/workflows/build.yml/runs?per_page=100&branch=main&page=3", "github/workflow-runs-page3.json");
        using var client = GitHubTestClient.Create(server);

        var runs = await client.ListWorkflowRunsAsync("octo/hello", "build.yml", "main", Ct);

        runs.Select(run => (run.Id, run.Status, run.Conclusion)).ShouldBe([
            (30433642L, "completed", "success"), (30433643L, "completed", "failure"), (30433644L, "in_progress", null),
            (30433645L, "queued", null), (30433646L, "completed", "cancelled"),
        ]);
        runs[0].CreatedAt.ShouldBe(new DateTimeOffset(2020, 1, 22, 19, 33, 8, TimeSpan.Zero));
        runs[0].UpdatedAt.ShouldBe(new DateTimeOffset(2020, 1, 22, 19, 33, 8, TimeSpan.Zero));
        server.Requests.Count.ShouldBe(3);
        server.ShouldAllBeAuthenticated();
    }

    [Fact]
    public async Task GetWorkflowRunAsync_Recorded_StatusAndConclusion()
    {
        using var server = new RecordedHttpServer().OnFile("GET", "/api/v3/repos/octo/hello/actions/runs/30433642", "github/workflow-run.json");
        using var client = GitHubTestClient.Create(server);

        var run = await client.GetWorkflowRunAsync("octo/hello", 30433642, Ct);

        run.ShouldBe(new GitHubWorkflowRun(30433642, "Build", "main", "acb5820ced9479c074f688cc328bf03f341a511d", "workflow_dispatch",
            "completed", "failure", 2, "https://github.com/octo/hello/actions/runs/30433642")
        {
            CreatedAt = new DateTimeOffset(2020, 1, 22, 19, 33, 8, TimeSpan.Zero),
            UpdatedAt = new DateTimeOffset(2020, 1, 22, 19, 33, 8, TimeSpan.Zero),
        });
    }

    [Fact]
    public async Task RerunWorkflowAsync_Recorded_PostsRerun()
    {
        using var server = new RecordedHttpServer().On("POST", "/api/v3/repos/octo/hello/actions/runs/30433642/rerun", 201, "{}");
        using var client = GitHubTestClient.Create(server);

        await client.RerunWorkflowAsync("octo/hello", 30433642, Ct);

        server.Single("POST", "/api/v3/repos/octo/hello/actions/runs/30433642/rerun").ShouldNotBeNull();
        server.ShouldAllBeAuthenticated();
    }
}
