using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Lightning.Collaboration.Execution;
using Lightning.Server.Auth;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints;

public sealed class CollaborationEndpointsTests : IAsyncLifetime
{
    const string Diamond = """
        {
          "title": "diamond",
          "plan": {
            "result": "d",
            "subtasks": [
              { "id": "a", "tool": "echo", "input": { "value": 1 } },
              { "id": "b", "tool": "echo", "input": { "from": "${outputs.a.value}", "branch": "b" }, "dependsOn": ["a"] },
              { "id": "c", "tool": "echo", "input": { "from": "${outputs.a.value}", "branch": "c" }, "dependsOn": ["a"] },
              { "id": "d", "tool": "echo", "input": { "b": "${outputs.b.branch}", "c": "${outputs.c.branch}" }, "dependsOn": ["b", "c"] }
            ]
          }
        }
        """;

    const string Sleeper = """
        { "title": "sleeper", "plan": { "subtasks": [
          { "id": "sleep", "tool": "command", "agent": "build-runner", "input": { "command": ["sleep", "30"] } }
        ] } }
        """;

    const string Gated = """
        { "title": "gated", "plan": { "subtasks": [
          { "id": "prepare", "tool": "echo", "input": { "ready": true } },
          { "id": "deploy", "tool": "echo", "input": { "deployed": true }, "dependsOn": ["prepare"], "requiresApproval": true }
        ] } }
        """;

    readonly LightningAppFactory _app = new();
    HttpClient _client = null!;
    string _key = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _key = await _app.CreateKeyAsync(ApiKeyRole.Operator, Token);
        _client = _app.CreateClient();
        _client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _key);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Submit_DiamondPlan_Is202AndRunsInDependencyOrder()
    {
        var response = await PostAsync(Diamond);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var submitted = await response.ReadAsync<CollaborationView>();
        response.Headers.Location!.ToString().ShouldBe($"/api/v2/collaborate/status/{submitted.Id}");
        submitted.SubmittedBy.ShouldBe("test-operator");
        submitted.Planner.ShouldBe("explicit");

        var done = await WaitFinishedAsync(submitted.Id);

        done.Status.ShouldBe(CollaborationStatus.Succeeded, done.Error);
        done.Result!.Value.GetProperty("b").GetString().ShouldBe("b");
        done.Result!.Value.GetProperty("c").GetString().ShouldBe("c");
        done.Subtasks.Select(s => s.Id).ShouldBe(["a", "b", "c", "d"]);
        done.Subtasks.ShouldAllBe(s => s.Status == SubtaskStatus.Succeeded && s.Attempts == 1);
        var (b, c, d) = (Subtask(done, "b"), Subtask(done, "c"), Subtask(done, "d"));
        d.StartedAt!.Value.ShouldBeGreaterThanOrEqualTo(b.FinishedAt!.Value);
        d.StartedAt!.Value.ShouldBeGreaterThanOrEqualTo(c.FinishedAt!.Value);
        b.StartedAt!.Value.ShouldBeGreaterThanOrEqualTo(Subtask(done, "a").FinishedAt!.Value);
        b.Output!.Value.GetProperty("from").GetInt32().ShouldBe(1);
        done.Progress.Percent.ShouldBe(100);
    }

    [Fact]
    public async Task Status_WithoutOutputs_OmitsSubtaskOutputs()
    {
        var submitted = await SubmitAsync(Diamond);
        await WaitFinishedAsync(submitted.Id);

        var view = await (await _client.GetAsync($"/api/v2/collaborate/status/{submitted.Id}?outputs=false", Token)).ReadAsync<CollaborationView>();

        view.Subtasks.ShouldAllBe(s => s.Output == null);
        view.Result.ShouldNotBeNull();
    }

    [Fact]
    public async Task Submit_CommandOnBuildRunner_SucceedsWithItsOutput()
    {
        var submitted = await SubmitAsync("""
            { "title": "hello", "plan": { "subtasks": [
              { "id": "say", "tool": "command", "agent": "build-runner", "input": { "command": ["sh", "-c", "echo hi"] } }
            ] } }
            """);

        var done = await WaitFinishedAsync(submitted.Id);
        var agents = await (await _client.GetAsync($"/api/v2/collaborate/agents/{submitted.Id}", Token)).ReadAsync<List<CollaborationAgentView>>();

        done.Status.ShouldBe(CollaborationStatus.Succeeded, done.Error);
        var say = Subtask(done, "say");
        say.Agent.ShouldBe("build-runner");
        say.Output!.Value.GetProperty("output").GetString()!.ShouldContain("hi");
        agents.ShouldHaveSingleItem().Agent.ShouldBe("build-runner");
        agents[0].Succeeded.ShouldBe(1);
    }

    [Fact]
    public async Task Submit_Cycle_Is400NamingTheNodes()
    {
        var problem = await (await PostAsync("""
            { "plan": { "subtasks": [
              { "id": "x", "tool": "echo", "dependsOn": ["z"] },
              { "id": "y", "tool": "echo", "dependsOn": ["x"] },
              { "id": "z", "tool": "echo", "dependsOn": ["y"] }
            ] } }
            """)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        var detail = problem.GetProperty("detail").GetString()!;
        detail.ShouldContain("cycle", Case.Insensitive);
        detail.ShouldContain("x");
        detail.ShouldContain("y");
        detail.ShouldContain("z");
        (await History()).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task Submit_UnknownCapability_Is400()
    {
        var problem = await (await PostAsync("""
            { "plan": { "subtasks": [ { "id": "fly", "tool": "echo", "capability": "teleportation" } ] } }
            """)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("detail").GetString()!.ShouldContain("teleportation");
    }

    [Fact]
    public async Task Submit_UnknownField_Is400NamingIt()
    {
        var problem = await (await PostAsync("""{ "plan": { "subtasks": [ { "id": "a", "tool": "echo", "dependson": ["b"] } ] } }"""))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("detail").GetString()!.ShouldContain("dependson");
    }

    [Fact]
    public async Task Submit_UnsupportedMediaType_Is415()
    {
        using var content = new StringContent("a plan", Encoding.UTF8, "text/plain");

        await (await _client.PostAsync("/api/v2/collaborate/submit", content, Token)).ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Submit_WithViewerKey_Is403()
    {
        var viewer = await _app.CreateClientAsync(ApiKeyRole.Viewer, Token);

        var response = await viewer.PostAsync("/api/v2/collaborate/submit", new StringContent(Diamond, Encoding.UTF8, "application/json"), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Submit_Yaml_RunsTheSamePlan()
    {
        const string yaml = """
            title: from yaml
            priority: 7
            inputs:
              greeting: hello
            plan:
              subtasks:
                - id: first
                  tool: echo
                  input:
                    text: ${inputs.greeting}
                - id: second
                  tool: echo
                  dependsOn: [first]
                  input:
                    text: "${outputs.first.text} world"
            """;
        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");

        var response = await _client.PostAsync("/api/v2/collaborate/submit", content, Token);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var submitted = await response.ReadAsync<CollaborationView>();
        var done = await WaitFinishedAsync(submitted.Id);

        done.Title.ShouldBe("from yaml");
        done.Priority.ShouldBe(7);
        done.Status.ShouldBe(CollaborationStatus.Succeeded, done.Error);
        done.Result!.Value.GetProperty("text").GetString().ShouldBe("hello world");
    }

    [Fact]
    public async Task Submit_TextYaml_IsAccepted()
    {
        using var content = new StringContent("plan:\n  subtasks:\n    - {id: only, tool: echo}\n", Encoding.UTF8, "text/yaml");

        var response = await _client.PostAsync("/api/v2/collaborate/submit", content, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Token));
    }

    [Fact]
    public async Task Approve_SubtaskAtItsGate_RunsItAndFinishes()
    {
        var submitted = await SubmitAsync(Gated);
        var waiting = await WaitSubtaskAsync(submitted.Id, "deploy", SubtaskStatus.AwaitingApproval);
        waiting.Progress.AwaitingApproval.ShouldBe(1);

        var approved = await _client.PostJsonAsync($"/api/v2/collaborate/{submitted.Id}/subtasks/deploy/approve", new { comment = "go" });
        approved.StatusCode.ShouldBe(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync(Token));
        var done = await WaitFinishedAsync(submitted.Id);
        var events = await FinishedEvents(submitted.Id);

        done.Status.ShouldBe(CollaborationStatus.Succeeded, done.Error);
        Subtask(done, "deploy").Status.ShouldBe(SubtaskStatus.Succeeded);
        var decision = events.Items.Single(e => e.Type == "subtask-approved");
        decision.Subtask.ShouldBe("deploy");
        decision.Data!.Value.GetProperty("by").GetString().ShouldBe("test-operator");
        decision.Data!.Value.GetProperty("comment").GetString().ShouldBe("go");
    }

    [Fact]
    public async Task Status_Sequence_IsTheLastEventItIncludes_AndTheStreamAfterItContinuesFromThere()
    {
        var submitted = await SubmitAsync(Gated);
        var waiting = await WaitSubtaskAsync(submitted.Id, "deploy", SubtaskStatus.AwaitingApproval);

        // The collaboration rests at its gate: the log holds exactly what the snapshot folded, and nothing after it.
        var logged = await Events(submitted.Id, "?limit=500");
        waiting.Sequence.ShouldBe(logged.Items[^1].Sequence);
        logged.Items[^1].Type.ShouldBe("subtask-awaiting-approval");

        var approved = await (await _client.PostJsonAsync($"/api/v2/collaborate/{submitted.Id}/subtasks/deploy/approve", new { })).ReadAsync<CollaborationView>();
        approved.Sequence.ShouldBeGreaterThan(waiting.Sequence);

        // A live view opens the stream after its snapshot: the first event it folds is the one the snapshot lacks.
        var streamed = await StreamAsync(submitted.Id, $"api/v2/collaborate/{submitted.Id}/ws?after={waiting.Sequence}");
        streamed[0].GetProperty("sequence").GetInt64().ShouldBe(waiting.Sequence + 1);
        streamed[0].GetProperty("type").GetString().ShouldBe("subtask-approved");
        var done = await WaitFinishedAsync(submitted.Id);
        done.Sequence.ShouldBe(streamed[^1].GetProperty("sequence").GetInt64());
        streamed[^1].GetProperty("type").GetString().ShouldBe("finished");
    }

    [Fact]
    public async Task Reject_SubtaskAtItsGate_FailsTheCollaboration()
    {
        var submitted = await SubmitAsync(Gated);
        await WaitSubtaskAsync(submitted.Id, "deploy", SubtaskStatus.AwaitingApproval);

        // No body at all: the comment is optional.
        var rejected = await _client.PostAsync($"/api/v2/collaborate/{submitted.Id}/subtasks/deploy/reject", null, Token);
        rejected.StatusCode.ShouldBe(HttpStatusCode.OK, await rejected.Content.ReadAsStringAsync(Token));
        var done = await WaitFinishedAsync(submitted.Id);

        done.Status.ShouldBe(CollaborationStatus.Failed);
        done.Error!.ShouldContain("deploy");
    }

    [Fact]
    public async Task Approve_SubtaskNotAtItsGate_Is409AndUnknownSubtaskIs404()
    {
        var submitted = await SubmitAsync(Gated);
        await WaitSubtaskAsync(submitted.Id, "deploy", SubtaskStatus.AwaitingApproval);

        await (await _client.PostAsync($"/api/v2/collaborate/{submitted.Id}/subtasks/prepare/approve", null, Token)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await _client.PostAsync($"/api/v2/collaborate/{submitted.Id}/subtasks/ghost/approve", null, Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostAsync("/api/v2/collaborate/col_nope/subtasks/deploy/approve", null, Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cancel_RunningCollaboration_IsCancelledAndSecondCancelIs409()
    {
        var submitted = await SubmitAsync(Sleeper);
        await WaitSubtaskAsync(submitted.Id, "sleep", SubtaskStatus.Running);

        var cancelled = await (await _client.PostAsync($"/api/v2/collaborate/{submitted.Id}/cancel", null, Token)).ReadAsync<CollaborationView>();
        var again = await _client.PostAsync($"/api/v2/collaborate/{submitted.Id}/cancel", null, Token);

        cancelled.Status.ShouldBe(CollaborationStatus.Cancelled);
        cancelled.FinishedAt.ShouldNotBeNull();
        (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("already finished");
        (await FinishedEvents(submitted.Id)).Items.ShouldContain(e => e.Type == "cancel-requested");
    }

    [Fact]
    public async Task Cancel_UnknownCollaboration_Is404() =>
        await (await _client.PostAsync("/api/v2/collaborate/col_nope/cancel", null, Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

    [Fact]
    public async Task History_PagesNewestFirstAndFiltersByStatus()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await SubmitAsync(Diamond)).Id);
        }

        var failing = await SubmitAsync("""{ "plan": { "subtasks": [ { "id": "boom", "tool": "echo", "input": { "fail": "on purpose" } } ] } }""");
        foreach (var id in ids.Append(failing.Id))
        {
            await WaitFinishedAsync(id);
        }

        var first = await History("?limit=2");
        var second = await History($"?limit=2&before={first.Next}");
        var failed = await History("?status=failed");
        var mine = await History("?submittedBy=test-operator&status=succeeded");

        first.Items.Select(s => s.Id).ShouldBe([failing.Id, ids[2]]);
        first.Next.ShouldBe(ids[2]);
        second.Items.Select(s => s.Id).ShouldBe([ids[1], ids[0]]);
        failed.Items.ShouldHaveSingleItem().Id.ShouldBe(failing.Id);
        failed.Items[0].Failed.ShouldBe(1);
        mine.Items.Count.ShouldBe(3);
        mine.Items.ShouldAllBe(s => s.Status == CollaborationStatus.Succeeded && s.Total == 4 && s.Succeeded == 4);
    }

    [Fact]
    public async Task History_UnknownStatus_Is400NamingTheAllowedValues()
    {
        var problem = await (await _client.GetAsync("/api/v2/collaborate/history?status=done", Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("detail").GetString().ShouldBe("Unknown status 'done': use running, succeeded, failed, cancelled, budget-exhausted.");
    }

    [Theory]
    [InlineData("/api/v2/collaborate/history?limit=0")]
    [InlineData("/api/v2/collaborate/history?limit=501")]
    public async Task History_LimitOutOfRange_Is400(string url) =>
        await (await _client.GetAsync(url, Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

    [Theory]
    [InlineData("/api/v2/collaborate/status/col_nope")]
    [InlineData("/api/v2/collaborate/agents/col_nope")]
    [InlineData("/api/v2/collaborate/col_nope/events")]
    public async Task Get_UnknownCollaboration_Is404Problem(string url)
    {
        var problem = await (await _client.GetAsync(url, Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem.GetProperty("detail").GetString().ShouldBe("No collaboration with id 'col_nope'.");
    }

    [Fact]
    public async Task Events_FinishedCollaboration_AreSubmittedToFinishedInSequence()
    {
        var submitted = await SubmitAsync(Diamond);
        await WaitFinishedAsync(submitted.Id);

        var all = await FinishedEvents(submitted.Id);
        var firstPage = await Events(submitted.Id, "?limit=3");
        var rest = await Events(submitted.Id, $"?after={firstPage.Next}");

        all.Items[0].Type.ShouldBe("submitted");
        all.Items[^1].Type.ShouldBe("finished");
        all.Items.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, all.Items.Count).Select(i => (long)i));
        all.Items.Count(e => e.Type == "subtask-started").ShouldBe(4);
        all.Items.Count(e => e.Type == "subtask-succeeded").ShouldBe(4);
        all.Next.ShouldBeNull();
        firstPage.Items.Count.ShouldBe(3);
        firstPage.Next.ShouldBe(3);
        rest.Items.Select(e => e.Sequence).ShouldBe(all.Items.Skip(3).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Metrics_AfterRuns_CountThemPerStatusAndAgent()
    {
        var ok = await SubmitAsync(Diamond);
        var command = await SubmitAsync("""
            { "plan": { "subtasks": [ { "id": "run", "tool": "command", "agent": "build-runner", "input": { "command": ["true"] } } ] } }
            """);
        var failing = await SubmitAsync("""{ "plan": { "subtasks": [ { "id": "boom", "tool": "echo", "input": { "fail": "no" } } ] } }""");
        foreach (var id in new[] { ok.Id, command.Id, failing.Id })
        {
            await WaitFinishedAsync(id);
        }

        var metrics = await (await _client.GetAsync("/api/v2/collaborate/metrics", Token)).ReadAsync<CollaborationMetrics>();

        metrics.Succeeded.ShouldBe(2);
        metrics.Failed.ShouldBe(1);
        metrics.Running.ShouldBe(0);
        metrics.SubtasksCompleted.ShouldBeGreaterThanOrEqualTo(5);
        metrics.SubtasksFailed.ShouldBe(1);
        var runner = metrics.Agents.Single(a => a.Agent == "build-runner");
        runner.Runs.ShouldBeGreaterThanOrEqualTo(1);
        runner.Succeeded.ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Submit_RetriedFailureWithContinue_ShowsEveryAttemptAndTheOtherBranchFinishes()
    {
        var submitted = await SubmitAsync("""
            { "plan": { "result": "steady", "subtasks": [
              { "id": "flaky", "tool": "echo", "input": { "fail": "still broken" },
                "retry": { "maxAttempts": 3, "backoffSeconds": 0.05 }, "onFailure": "continue" },
              { "id": "after-flaky", "tool": "echo", "dependsOn": ["flaky"] },
              { "id": "steady", "tool": "echo", "input": { "fine": true } }
            ] } }
            """);

        var done = await WaitFinishedAsync(submitted.Id);
        var events = await FinishedEvents(submitted.Id);

        done.Status.ShouldBe(CollaborationStatus.Succeeded, done.Error);
        var flaky = Subtask(done, "flaky");
        flaky.Status.ShouldBe(SubtaskStatus.Failed);
        flaky.Attempts.ShouldBe(3);
        flaky.Error!.ShouldContain("still broken");
        Subtask(done, "after-flaky").Status.ShouldBe(SubtaskStatus.Skipped);
        Subtask(done, "steady").Status.ShouldBe(SubtaskStatus.Succeeded);
        events.Items.Count(e => e.Type == "subtask-failed" && e.Subtask == "flaky").ShouldBe(3);
        done.Result!.Value.GetProperty("fine").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task WebSocket_RunningCollaboration_StreamsEventsThroughFinished()
    {
        var submitted = await SubmitAsync("""
            { "plan": { "subtasks": [
              { "id": "slow", "tool": "command", "agent": "build-runner", "input": { "command": ["sh", "-c", "sleep 0.5; echo slow"] } },
              { "id": "then", "tool": "echo", "dependsOn": ["slow"], "input": { "saw": "${outputs.slow.output}" } }
            ] } }
            """);

        var events = await StreamAsync(submitted.Id, $"api/v2/collaborate/{submitted.Id}/ws");

        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        types[0].ShouldBe("submitted");
        types[^1].ShouldBe("finished");
        types.ShouldContain("subtask-started");
        events.Select(e => e.GetProperty("sequence").GetInt64()).ShouldBe(Enumerable.Range(1, events.Count).Select(i => (long)i));
        events.ShouldAllBe(e => e.GetProperty("at").ValueKind == JsonValueKind.String);
        var started = events.First(e => e.GetProperty("type").GetString() == "subtask-started");
        started.GetProperty("subtask").GetString().ShouldBe("slow");
        started.GetProperty("data").GetProperty("agent").GetString().ShouldBe("build-runner");
        events[^1].GetProperty("data").GetProperty("status").GetString().ShouldBe("succeeded");
    }

    [Fact]
    public async Task WebSocket_FinishedCollaborationAfterASequence_ReplaysTheRestWithAccessToken()
    {
        var submitted = await SubmitAsync(Diamond);
        await WaitFinishedAsync(submitted.Id);
        var total = (await FinishedEvents(submitted.Id)).Items.Count;

        var events = await StreamAsync(submitted.Id, $"api/v2/collaborate/{submitted.Id}/ws?after=5&access_token={_key}", header: false);

        events.Select(e => e.GetProperty("sequence").GetInt64()).ShouldBe(Enumerable.Range(6, total - 5).Select(i => (long)i));
        events[^1].GetProperty("type").GetString().ShouldBe("finished");
    }

    [Fact]
    public async Task WebSocket_UnknownCollaboration_IsRefusedBeforeTheUpgrade()
    {
        var socketClient = _app.Server.CreateWebSocketClient();
        socketClient.ConfigureRequest = request => request.Headers.Authorization = $"Bearer {_key}";

        var error = await Should.ThrowAsync<Exception>(() => socketClient.ConnectAsync(new Uri(_app.Server.BaseAddress, "api/v2/collaborate/col_nope/ws"), Token));

        error.Message.ShouldContain("404");
    }

    [Fact]
    public async Task WebSocket_WithoutKey_IsRefused()
    {
        var socketClient = _app.Server.CreateWebSocketClient();

        await Should.ThrowAsync<Exception>(() => socketClient.ConnectAsync(new Uri(_app.Server.BaseAddress, "api/v2/collaborate/col_x/ws"), Token));
    }

    [Fact]
    public async Task OpenApi_DescribesTheSubmitBodyInJsonAndYaml()
    {
        var document = await (await _client.GetAsync("/openapi/v1.json", Token)).ReadAsync<JsonElement>();

        var body = document.GetProperty("paths").GetProperty("/api/v2/collaborate/submit").GetProperty("post").GetProperty("requestBody");
        body.GetProperty("content").TryGetProperty("application/json", out _).ShouldBeTrue();
        body.GetProperty("content").TryGetProperty("application/yaml", out _).ShouldBeTrue();
        document.GetProperty("paths").TryGetProperty("/api/v2/collaborate/{taskId}/ws", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Replay_IsAcceptedAndReproducesTheResult_DiffSaysIdentical()
    {
        var original = await WaitFinishedAsync((await SubmitAsync(Diamond)).Id);

        var response = await _client.PostAsync($"/api/v2/collaborate/{original.Id}/replay", null, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var replay = await WaitFinishedAsync((await response.ReadAsync<CollaborationView>()).Id);
        replay.Origin!.Kind.ShouldBe("replay");
        replay.Origin.CollaborationId.ShouldBe(original.Id);
        replay.Result!.Value.GetRawText().ShouldBe(original.Result!.Value.GetRawText());
        var diff = await (await _client.GetAsync($"/api/v2/collaborate/{original.Id}/diff/{replay.Id}", Token)).ReadAsync<JsonElement>();
        diff.GetProperty("resultIdentical").GetBoolean().ShouldBeTrue();
        diff.GetProperty("unchanged").GetInt32().ShouldBe(4);
    }

    [Fact]
    public async Task Fork_ChangesOneSubtasksInput_AndTheDiffShowsIt()
    {
        var original = await WaitFinishedAsync((await SubmitAsync(Diamond)).Id);

        var response = await _client.PostAsync($"/api/v2/collaborate/{original.Id}/fork",
            new StringContent("""{ "subtask": "c", "input": { "from": 1, "branch": "forked" } }""", Encoding.UTF8, "application/json"), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Token));
        var fork = await WaitFinishedAsync((await response.ReadAsync<CollaborationView>()).Id);
        fork.Result!.Value.GetProperty("c").GetString().ShouldBe("forked");
        var diff = await (await _client.GetAsync($"/api/v2/collaborate/{original.Id}/diff/{fork.Id}", Token)).ReadAsync<JsonElement>();
        diff.GetProperty("resultIdentical").GetBoolean().ShouldBeFalse();
        diff.GetProperty("subtasks").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ShouldBe(["c", "d"]);
    }

    [Fact]
    public async Task ReplayAndFork_BadRequests_AreProblems()
    {
        await (await _client.PostAsync("/api/v2/collaborate/col_nope/replay", null, Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var running = await SubmitAsync(Sleeper);
        var conflict = await (await _client.PostAsync($"/api/v2/collaborate/{running.Id}/replay", null, Token)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        conflict.GetProperty("detail").GetString()!.ShouldContain("still running");
        await _client.PostAsync($"/api/v2/collaborate/{running.Id}/cancel", null, Token);

        var original = await WaitFinishedAsync((await SubmitAsync(Diamond)).Id);
        await (await _client.PostAsync($"/api/v2/collaborate/{original.Id}/fork", new StringContent("{}", Encoding.UTF8, "application/json"), Token))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var unknown = await (await _client.PostAsync($"/api/v2/collaborate/{original.Id}/fork",
            new StringContent("""{ "subtask": "zzz" }""", Encoding.UTF8, "application/json"), Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        unknown.GetRawText().ShouldContain("no subtask 'zzz'");
        await (await _client.GetAsync($"/api/v2/collaborate/{original.Id}/diff/col_nope", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Submit_OversizedTask_Is413AndRecordsNothing()
    {
        var before = (await History()).Items.Count;
        var huge = $$"""{ "title": "huge", "description": "{{new string('x', 1_100_000)}}", "plan": { "subtasks": [ { "id": "a", "tool": "echo" } ] } }""";

        var problem = await (await PostAsync(huge)).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        problem.GetProperty("detail").GetString()!.ShouldContain("the limit is 1,048,576 bytes");
        (await History()).Items.Count.ShouldBe(before);
    }

    [Fact]
    public async Task Submit_ExpiredDeadline_Is400NamingTheField()
    {
        var problem = await (await PostAsync("""
            { "title": "late", "deadline": "2020-01-01T00:00:00Z", "plan": { "subtasks": [ { "id": "a", "tool": "echo" } ] } }
            """)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("deadline")[0].GetString().ShouldBe("The deadline has already passed.");
    }

    Task<HttpResponseMessage> PostAsync(string json) =>
        _client.PostAsync("/api/v2/collaborate/submit", new StringContent(json, Encoding.UTF8, "application/json"), Token);

    async Task<CollaborationView> SubmitAsync(string json)
    {
        var response = await PostAsync(json);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Token));
        return await response.ReadAsync<CollaborationView>();
    }

    async Task<CollaborationPage> History(string query = "") =>
        await (await _client.GetAsync($"/api/v2/collaborate/history{query}", Token)).ReadAsync<CollaborationPage>();

    /// <summary>
    /// The whole log once it ends with <c>finished</c>: the status shows an event as soon as the engine applies it,
    /// the log once its group commit is durable, a moment later.
    /// </summary>
    async Task<EventPage> FinishedEvents(string id)
    {
        for (var i = 0; i < 400; i++)
        {
            var page = await Events(id, "?limit=500");
            if (page.Items.Count > 0 && page.Items[^1].Type == "finished")
            {
                return page;
            }

            await Task.Delay(25, Token);
        }

        throw new TimeoutException($"The log of {id} never reached 'finished'.");
    }

    async Task<EventPage> Events(string id, string query = "") =>
        await (await _client.GetAsync($"/api/v2/collaborate/{id}/events{query}", Token)).ReadAsync<EventPage>();

    static SubtaskView Subtask(CollaborationView view, string id) => view.Subtasks.Single(s => s.Id == id);

    async Task<CollaborationView> WaitFinishedAsync(string id)
    {
        for (var i = 0; i < 600; i++)
        {
            var view = await (await _client.GetAsync($"/api/v2/collaborate/status/{id}", Token)).ReadAsync<CollaborationView>();
            if (view.Status.IsFinished())
            {
                return view;
            }

            await Task.Delay(25, Token);
        }

        throw new TimeoutException($"Collaboration {id} did not finish.");
    }

    async Task<CollaborationView> WaitSubtaskAsync(string id, string subtask, SubtaskStatus status)
    {
        for (var i = 0; i < 600; i++)
        {
            var view = await (await _client.GetAsync($"/api/v2/collaborate/status/{id}", Token)).ReadAsync<CollaborationView>();
            if (Subtask(view, subtask).Status == status)
            {
                return view;
            }

            await Task.Delay(25, Token);
        }

        throw new TimeoutException($"Subtask {subtask} of {id} never reached {status}.");
    }

    async Task<List<JsonElement>> StreamAsync(string id, string path, bool header = true)
    {
        var socketClient = _app.Server.CreateWebSocketClient();
        if (header)
        {
            socketClient.ConfigureRequest = request => request.Headers.Authorization = $"Bearer {_key}";
        }

        using var socket = await socketClient.ConnectAsync(new Uri(_app.Server.BaseAddress, path), Token);
        var events = new List<JsonElement>();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, Token);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                socket.CloseStatus.ShouldBe(WebSocketCloseStatus.NormalClosure, $"stream of {id}");
                return events;
            }

            events.Add(JsonDocument.Parse(message.ToArray()).RootElement.Clone());
        }
    }

    sealed record EventPage(IReadOnlyList<CollaborationEvent> Items, long? Next);
}
