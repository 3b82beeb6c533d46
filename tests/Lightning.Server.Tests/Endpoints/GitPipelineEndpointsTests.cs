using System.Net;
using Lightning.Server.Endpoints.Git;
using Lightning.Server.Tests.Endpoints.Git;
using static Lightning.Server.Tests.Endpoints.Git.HostedApi;

namespace Lightning.Server.Tests.Endpoints;

/// <summary>
/// The pipeline routes against recorded GitHub Actions and GitLab CI answers: the neutral view each provider's run maps
/// to, the request each provider was sent (path, query, body, token), roles and the refusals made before sending.
/// </summary>
public sealed class GitPipelineEndpointsTests
{
    const string RunsPath = "/api/v3/repos/octo/hello/actions/runs";
    const string PipelinesPath = "/api/v4/projects/3/pipelines";
    static readonly DateTimeOffset RunTime = new(2020, 1, 22, 19, 33, 8, TimeSpan.Zero);

    [Fact]
    public async Task List_GitHub_RunsOnTheRefFilteredByStatusOrConclusion()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("GET", RunsPath, "github/workflow-runs-page1.json")
            .OnFile("GET", "/api/v3/repos/octo/hello/actions/workflows/build.yml/runs", "github/workflow-runs-page1.json");

        var all = await api.ReadAsync<List<PipelineView>>(api.Viewer, HttpMethod.Get, "/pipelines?ref=main");
        var failed = await api.ReadAsync<List<PipelineView>>(api.Viewer, HttpMethod.Get, "/pipelines?ref=main&status=failure");
        var completed = await api.ReadAsync<List<PipelineView>>(api.Viewer, HttpMethod.Get, "/pipelines?status=completed");
        var ofWorkflow = await api.ReadAsync<List<PipelineView>>(api.Viewer, HttpMethod.Get, "/pipelines?workflow=build.yml");

        all.Select(run => run.Id).ShouldBe([30433642L, 30433643L]);
        all[0].ShouldBe(new PipelineView("github", 30433642, "Build", "main", "acb5820ced9479c074f688cc328bf03f341a511d", "push", "completed",
            "success", Completed: true, Attempt: 1, "https://github.com/octo/hello/actions/runs/30433642", RunTime, RunTime));
        failed.ShouldHaveSingleItem().Id.ShouldBe(30433643);
        completed.Count.ShouldBe(2);
        ofWorkflow.Count.ShouldBe(2);
        api.Recorded.Requests.Count.ShouldBe(4);
        api.Recorded.Requests.Last().PathAndQuery.ShouldBe("/api/v3/repos/octo/hello/actions/workflows/build.yml/runs?per_page=100");
        api.Recorded.Requests.Take(2).ShouldAllBe(r => r.PathAndQuery == RunsPath + "?per_page=100&branch=main");
    }

    [Fact]
    public async Task List_GitLab_PassesRefAndStatusToGitLab()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("GET", PipelinesPath, "gitlab/pipelines.json");

        var pipelines = await api.ReadAsync<List<PipelineView>>(api.Viewer, HttpMethod.Get, "/pipelines?ref=new-pipeline&status=pending");

        var sent = api.Sent("GET", PipelinesPath);
        sent.PathAndQuery.ShouldContain("ref=new-pipeline");
        sent.PathAndQuery.ShouldContain("status=pending");
        pipelines.Select(p => (p.Id, p.Status, p.Completed, p.Conclusion)).ShouldBe([(48L, "pending", false, (string?)null), (47L, "success", true, "success")]);
        pipelines[0].ShouldBe(new PipelineView("gitlab", 48, null, "new-pipeline", "a91957a858320c0e17f3a0eca7cfacbff50ea29a", "push", "pending", null,
            Completed: false, Attempt: null, "https://example.com/foo/bar/pipelines/48",
            new DateTimeOffset(2016, 8, 12, 10, 6, 4, 561, TimeSpan.Zero), new DateTimeOffset(2016, 8, 12, 10, 9, 56, 223, TimeSpan.Zero)));
    }

    [Fact]
    public async Task List_StatusOfTheOtherProviderOrBadRef_Is400BeforeAnyCall()
    {
        await using var api = await StartAsync("github", "octo/hello");

        var problem = await api.ProblemAsync(api.Viewer, HttpMethod.Get, "/pipelines?status=failed", null, HttpStatusCode.BadRequest);
        await api.ShouldBeInvalidAsync(api.Viewer, HttpMethod.Get, "/pipelines?ref=ma%20in", null, "ref");
        await api.ShouldBeInvalidAsync(api.Viewer, HttpMethod.Get, "/pipelines?workflow=..%2Fx.yml", null, "workflow");

        problem.GetProperty("errors").GetProperty("status")[0].GetString().ShouldNotBeNull().ShouldContain("failure");
    }

    [Fact]
    public async Task Get_GitHubRun_StatusConclusionAttemptAndTimes()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("GET", $"{RunsPath}/30433642", "github/workflow-run.json");

        var run = await api.ReadAsync<PipelineView>(api.Viewer, HttpMethod.Get, "/pipelines/30433642");

        run.ShouldBe(new PipelineView("github", 30433642, "Build", "main", "acb5820ced9479c074f688cc328bf03f341a511d", "workflow_dispatch",
            "completed", "failure", Completed: true, Attempt: 2, "https://github.com/octo/hello/actions/runs/30433642", RunTime, RunTime));
        api.Sent("GET", $"{RunsPath}/30433642");
    }

    [Fact]
    public async Task Get_UnknownRunOrBadId_IsTheProvidersNotFoundOr400()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("GET", $"{RunsPath}/7", "github/error-404.json", 404);

        var missing = await api.ProblemAsync(api.Viewer, HttpMethod.Get, "/pipelines/7", null, HttpStatusCode.NotFound);
        var zero = await api.ProblemAsync(api.Viewer, HttpMethod.Get, "/pipelines/0", null, HttpStatusCode.BadRequest);

        missing.GetProperty("code").GetString().ShouldBe("github.not_found");
        zero.GetProperty("errors").GetProperty("id").GetArrayLength().ShouldBe(1);
        api.Recorded.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task GetAndJobs_GitLab_FinishedPipelineAndItsJobs()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("GET", $"{PipelinesPath}/287", "gitlab/pipeline_success.json")
            .OnFile("GET", $"{PipelinesPath}/287/jobs", "gitlab/jobs.json");

        var pipeline = await api.ReadAsync<PipelineView>(api.Viewer, HttpMethod.Get, "/pipelines/287");
        var jobs = await api.ReadAsync<List<PipelineJobView>>(api.Viewer, HttpMethod.Get, "/pipelines/287/jobs");

        (pipeline.Status, pipeline.Completed, pipeline.Conclusion, pipeline.Event, pipeline.Ref).ShouldBe(("success", true, "success", "api", "main"));
        jobs.ShouldBe([
            new PipelineJobView(7, "build", "build", "success", "main", 0.465, "https://example.com/foo/bar/-/jobs/7"),
            new PipelineJobView(8, "rspec:other", "test", "failed", "main", 12.5, "https://example.com/foo/bar/-/jobs/8"),
        ]);
        api.Sent("GET", $"{PipelinesPath}/287/jobs");
    }

    [Fact]
    public async Task Jobs_GitHub_IsUnsupported()
    {
        await using var api = await StartAsync("github", "octo/hello");

        await api.ShouldBeUnsupportedAsync(api.Viewer, HttpMethod.Get, "/pipelines/30433642/jobs");
    }

    [Fact]
    public async Task Start_GitHub_DispatchesTheWorkflowWithInputsAndAnswers202WithoutARun()
    {
        await using var api = await StartAsync("github", "octo/hello");
        const string dispatches = "/api/v3/repos/octo/hello/actions/workflows/build.yml/dispatches";
        api.Recorded.On("POST", dispatches, 204, string.Empty);
        var request = new StartPipelineRequest("release/1.0", "build.yml", Inputs: new Dictionary<string, string> { ["level"] = "full" });

        (await api.SendAsync(api.Viewer, HttpMethod.Post, "/pipelines", request)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var response = await api.SendAsync(api.Operator, HttpMethod.Post, "/pipelines", request);
        var accepted = await response.ReadAsync<PipelineDispatchView>();

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        response.Headers.Location.ShouldNotBeNull().OriginalString.ShouldBe($"{Base}/pipelines?ref=release%2F1.0");
        (accepted.Provider, accepted.Workflow, accepted.Ref).ShouldBe(("github", "build.yml", "release/1.0"));
        accepted.Message.ShouldContain("/pipelines?ref=release/1.0");
        var body = Json(api.Sent("POST", dispatches));
        body.GetProperty("ref").GetString().ShouldBe("release/1.0");
        body.GetProperty("inputs").GetProperty("level").GetString().ShouldBe("full");
    }

    [Fact]
    public async Task Start_GitLab_TriggersAPipelineWithVariablesAndAnswers201()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("POST", "/api/v4/projects/3/pipeline", "gitlab/pipeline.json", 201);

        var response = await api.SendAsync(api.Operator, HttpMethod.Post, "/pipelines",
            new StartPipelineRequest("main", Variables: new Dictionary<string, string> { ["DEPLOY_TARGET"] = "staging" }));
        var pipeline = await response.ReadAsync<PipelineView>();

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location.ShouldNotBeNull().OriginalString.ShouldBe($"{Base}/pipelines/287");
        (pipeline.Provider, pipeline.Id, pipeline.Status, pipeline.Completed).ShouldBe(("gitlab", 287L, "pending", false));
        var body = Json(api.Sent("POST", "/api/v4/projects/3/pipeline"));
        body.GetProperty("ref").GetString().ShouldBe("main");
        var variable = body.GetProperty("variables").EnumerateArray().ShouldHaveSingleItem();
        variable.GetProperty("key").GetString().ShouldBe("DEPLOY_TARGET");
        variable.GetProperty("value").GetString().ShouldBe("staging");
        variable.GetProperty("variable_type").GetString().ShouldBe("env_var");
    }

    [Fact]
    public async Task Start_GitHubBadInput_Is400NamingEachFieldAndDispatchesNothing()
    {
        await using var api = await StartAsync("github", "octo/hello");

        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Post, "/pipelines", new StartPipelineRequest(" ", "build.yml"), "ref");
        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Post, "/pipelines", new StartPipelineRequest("main"), "workflow");
        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Post, "/pipelines",
            new StartPipelineRequest("main", "../secrets.yml", Variables: new Dictionary<string, string> { ["A"] = "b" }), "workflow", "variables");
        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Post, "/pipelines",
            new StartPipelineRequest("main", "build.yml", Variables: new Dictionary<string, string> { ["not a key"] = "b" }), "variables");
    }

    [Fact]
    public async Task Start_GitLabWithWorkflowOrInputs_Is400()
    {
        await using var api = await StartAsync("gitlab", "3");

        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Post, "/pipelines",
            new StartPipelineRequest("main", "build.yml", Inputs: new Dictionary<string, string> { ["level"] = "full" }), "workflow", "inputs");
    }

    [Fact]
    public async Task Rerun_GitHub_PostsTheRerunAndAnswersTheRunAsItIsNow()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.On("POST", $"{RunsPath}/30433642/rerun", 201, "{}")
            .OnFile("GET", $"{RunsPath}/30433642", "github/workflow-run.json");

        (await api.SendAsync(api.Viewer, HttpMethod.Post, "/pipelines/30433642/rerun")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var response = await api.SendAsync(api.Operator, HttpMethod.Post, "/pipelines/30433642/rerun");
        var run = await response.ReadAsync<PipelineView>();

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        run.Attempt.ShouldBe(2);
        api.Sent("POST", $"{RunsPath}/30433642/rerun");
        api.Sent("GET", $"{RunsPath}/30433642");
    }

    [Fact]
    public async Task Rerun_GitLab_IsUnsupported()
    {
        await using var api = await StartAsync("gitlab", "3");

        await api.ShouldBeUnsupportedAsync(api.Operator, HttpMethod.Post, "/pipelines/287/rerun");
    }
}
