using System.Text.Json;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.History;
using Lightning.Collaboration.Tasks;
using Lightning.Core.Errors;
using Lightning.Core.Serialization;
using Lightning.TestUtilities;

namespace Lightning.Collaboration.Tests.Execution;

public sealed class CollaborationEngineTests : IAsyncLifetime
{
    readonly TempDirectory _data = new();
    CollaborationHost _host = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await CollaborationHost.StartAsync(_data.Path);

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    internal static TaskPlan Plan(string json) => JsonSerializer.Deserialize<TaskPlan>(json, LightningJson.Options)!;

    static SubtaskView Subtask(CollaborationView view, string id) => view.Subtasks.Single(s => s.Id == id);

    [Fact]
    public async Task Submit_Diamond_RunsInDependencyOrderAndPassesOutputs()
    {
        var submitted = await _host.SubmitAsync(Plan("""
            { "subtasks": [
              { "id": "a", "tool": "echo", "input": { "n": 1, "name": "alpha" } },
              { "id": "b", "tool": "echo", "input": { "from": "${outputs.a.name}" }, "dependsOn": ["a"] },
              { "id": "c", "tool": "echo", "input": { "n": "${outputs.a.n}" }, "dependsOn": ["a"] },
              { "id": "d", "tool": "echo", "input": { "b": "${outputs.b}", "c": "${outputs.c.n}", "text": "c said ${outputs.c.n}" }, "dependsOn": ["b", "c"] }
            ] }
            """), Token);

        var view = await _host.WaitFinishedAsync(submitted.Id, Token);

        view.Status.ShouldBe(CollaborationStatus.Succeeded);
        view.Progress.Percent.ShouldBe(100);
        view.Result!.Value.GetRawText().ShouldBe("""{"b":{"from":"alpha"},"c":1,"text":"c said 1"}""");
        Subtask(view, "d").StartedAt!.Value.ShouldBeGreaterThanOrEqualTo(Subtask(view, "b").FinishedAt!.Value);
        Subtask(view, "d").StartedAt!.Value.ShouldBeGreaterThanOrEqualTo(Subtask(view, "c").FinishedAt!.Value);
        view.Subtasks.ShouldAllBe(s => s.Status == SubtaskStatus.Succeeded && s.Attempts == 1 && s.Agent != null);
    }

    [Fact]
    public async Task Output_OverTheLimit_FailsTheSubtaskWithTheSizeAndTheSetting()
    {
        var big = new string('x', 1_100_000);
        var submitted = await _host.SubmitAsync(Plan($$"""
            { "subtasks": [ { "id": "big", "tool": "probe", "input": { "value": "{{big}}" } } ] }
            """), Token);

        var view = await _host.WaitFinishedAsync(submitted.Id, Token);

        view.Status.ShouldBe(CollaborationStatus.Failed);
        Subtask(view, "big").Error.ShouldBe("Its output is 1,100,002 bytes; the limit is 1,048,576 (Lightning:Collaboration:MaxOutputBytes). Write large results to a file and return its path.");
        Subtask(view, "big").Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task SharedWorkspace_FilesWrittenByOneAgentAreThereForTheNext()
    {
        var submitted = await _host.SubmitAsync(Plan("""
            { "workspace": "shared", "subtasks": [
              { "id": "write", "tool": "write-file", "agent": "build-runner", "input": { "path": "src/app.py", "content": "print('hi')\n" } },
              { "id": "read", "tool": "command", "agent": "repository-analyst", "dependsOn": ["write"], "input": { "command": ["cat", "src/app.py"] } },
              { "id": "analyse", "tool": "repository-analysis", "agent": "repository-analyst", "dependsOn": ["write"] }
            ] }
            """), Token);

        var view = await _host.WaitFinishedAsync(submitted.Id, Token);

        view.Status.ShouldBe(CollaborationStatus.Succeeded, view.Error);
        Subtask(view, "read").Output!.Value.GetProperty("output").GetString().ShouldBe("print('hi')\n");
        Subtask(view, "analyse").Output!.Value.GetRawText().ShouldContain("Python");
        File.Exists(Path.Combine(_data.Path, "workspaces", "collaborations", submitted.Id, "src", "app.py")).ShouldBeTrue();
        File.Exists(Path.Combine(_data.Path, "workspaces", "build-runner", "src", "app.py")).ShouldBeFalse();
    }

    [Fact]
    public async Task AgentWorkspaces_AreSeparateByDefault()
    {
        var submitted = await _host.SubmitAsync(Plan("""
            { "subtasks": [
              { "id": "write", "tool": "write-file", "agent": "build-runner", "input": { "path": "only-here.txt", "content": "x" } },
              { "id": "read", "tool": "command", "agent": "repository-analyst", "dependsOn": ["write"], "input": { "command": ["cat", "only-here.txt"] } }
            ] }
            """), Token);

        var view = await _host.WaitFinishedAsync(submitted.Id, Token);

        view.Status.ShouldBe(CollaborationStatus.Failed);
        Subtask(view, "read").Error!.ShouldContain("exited with code 1");
    }

    [Fact]
    public async Task Submit_InvalidPlan_IsRejectedWithTheOffendingNodesAndRecordsNothing()
    {
        var error = await Should.ThrowAsync<ValidationFailedException>(() => _host.SubmitAsync(Plan("""
            { "subtasks": [
              { "id": "a", "tool": "echo", "dependsOn": ["c"] },
              { "id": "b", "tool": "echo", "dependsOn": ["a"] },
              { "id": "c", "tool": "echo", "dependsOn": ["b"] }
            ] }
            """), Token));

        error.Message.ShouldContain("cycle");
        error.Message.ShouldContain("a → b → c → a");
        (await _host.Collaborations.ListAsync(new CollaborationQuery(), Token)).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task Retry_FailingTwiceThenSucceeding_TakesThreeAttemptsWithTheSameIdempotencyKey()
    {
        var submitted = await _host.SubmitAsync(Plan("""
            { "subtasks": [ { "id": "flaky", "tool": "probe", "input": { "failTimes": 2, "value": "ok" },
                              "retry": { "maxAttempts": 3, "backoffSeconds": 0.05 } } ] }
            """), Token);

        var view = await _host.WaitFinishedAsync(submitted.Id, Token);

        view.Status.ShouldBe(CollaborationStatus.Succeeded);
        Subtask(view, "flaky").Attempts.ShouldBe(3);
        _host.Probe.Calls[$"{submitted.Id}:flaky"].ShouldBe(3);
        var events = (await _host.Collaborations.EventsAsync(submitted.Id, 0, 100, Token))!;
        events.Count(e => e.Type == CollaborationEventTypes.SubtaskFailed).ShouldBe(2);
        events.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, events.Count).Select(i => (long)i));
    }

    [Fact]
    public async Task FailurePolicy_Fail_EndsTheCollaborationAndSkipsTheRest()
    {
        var submitted = await _host.SubmitAsync(Plan("""
            { "subtasks": [
              { "id": "bad", "tool": "echo", "input": { "fail": "boom" } },
              { "id": "after", "tool": "echo", "dependsOn": ["bad"] }
            ] }
            """), Token);

        var view = await _host.WaitFinishedAsync(submitted.Id, Token);

        view.Status.ShouldBe(CollaborationStatus.Failed);
        view.Error.ShouldBe("Subtask 'bad' failed: boom");
        Subtask(view, "after").Status.ShouldBe(SubtaskStatus.Skipped);
    }

    [Fact]
    public async Task FailurePolicy_Continue_SkipsDependentsAndFinishesTheOtherBranch()
    {
        var submitted = await _host.SubmitAsync(Plan("""
            { "subtasks": [
              { "id": "bad", "tool": "echo", "input": { "fail": "boom" }, "onFailure": "continue" },
              { "id": "after-bad", "tool": "echo", "dependsOn": ["bad"] },
              { "id": "good", "tool": "echo", "input": { "ok": true } }
            ], "result": "good" }
            """), Token);

        var view = await _host.WaitFinishedAsync(submitted.Id, Token);

        view.Status.ShouldBe(CollaborationStatus.Succeeded);
        Subtask(view, "bad").Status.ShouldBe(SubtaskStatus.Failed);
        Subtask(view, "after-bad").Status.ShouldBe(SubtaskStatus.Skipped);
        Subtask(view, "after-bad").Error.ShouldBe("Dependency 'bad' failed.");
        view.Result!.Value.GetRawText().ShouldBe("""{"ok":true}""");
    }

    [Fact]
    public async Task FailurePolicy_Compensate_RunsTheCompensationOnlyWhenNeeded()
    {
        var submitted = await _host.SubmitAsync(Plan("""
            { "subtasks": [
              { "id": "deploy", "tool": "echo", "input": { "fail": "unhealthy" }, "onFailure": "compensate", "compensation": "rollback" },
              { "id": "rollback", "tool": "echo", "input": { "rolledBack": true } },
              { "id": "migrate", "tool": "echo", "input": { "fail": "no" }, "onFailure": "compensate", "compensation": "undo-migrate", "dependsOn": ["deploy"] },
              { "id": "undo-migrate", "tool": "echo" },
              { "id": "notify", "tool": "echo", "input": { "sent": true } }
            ], "result": "notify" }
            """), Token);

        var view = await _host.WaitFinishedAsync(submitted.Id, Token);

        view.Status.ShouldBe(CollaborationStatus.Succeeded);
        Subtask(view, "rollback").Status.ShouldBe(SubtaskStatus.Succeeded);
        Subtask(view, "rollback").Compensation.ShouldBeTrue();
        Subtask(view, "migrate").Status.ShouldBe(SubtaskStatus.Skipped);
        Subtask(view, "undo-migrate").Status.ShouldBe(SubtaskStatus.Pending);
        view.Progress.Total.ShouldBe(4);
    }

    [Fact]
    public async Task ApprovalGate_WaitsForApprovalWhileOtherBranchesRun()
    {
        var submitted = await _host.SubmitAsync(Plan("""
            { "subtasks": [
              { "id": "build", "tool": "echo" },
              { "id": "deploy", "tool": "echo", "dependsOn": ["build"], "requiresApproval": true },
              { "id": "docs", "tool": "echo", "requiresApproval": true },
              { "id": "lint", "tool": "echo" }
            ] }
            """), Token);

        var waiting = await _host.WaitForAsync(submitted.Id, v => v.Progress.AwaitingApproval == 2, Token);
        Subtask(waiting, "lint").Status.ShouldBe(SubtaskStatus.Succeeded);
        waiting.Status.ShouldBe(CollaborationStatus.Running);

        await _host.Collaborations.DecideAsync(submitted.Id, "deploy", approve: true, "alice", "ship it", Token);
        var conflict = await Should.ThrowAsync<LightningException>(() => _host.Collaborations.DecideAsync(submitted.Id, "deploy", true, "alice", null, Token));
        conflict.Kind.ShouldBe(ErrorKind.Conflict);
        await _host.Collaborations.DecideAsync(submitted.Id, "docs", approve: false, "bob", "not now", Token);

        var view = await _host.WaitFinishedAsync(submitted.Id, Token);
        Subtask(view, "deploy").Status.ShouldBe(SubtaskStatus.Succeeded);
        Subtask(view, "docs").Status.ShouldBe(SubtaskStatus.Failed);
        Subtask(view, "docs").Error.ShouldBe("Rejected by bob: not now");
        view.Status.ShouldBe(CollaborationStatus.Failed);
    }

    [Fact]
    public async Task Cancel_StopsRunningSubtasksAndRecordsWhoCancelled()
    {
        var submitted = await _host.SubmitAsync(Plan("""
            { "subtasks": [ { "id": "hold", "tool": "probe", "input": { "hold": true } }, { "id": "after", "tool": "echo", "dependsOn": ["hold"] } ] }
            """), Token);
        await _host.WaitForAsync(submitted.Id, v => Subtask(v, "hold").Status == SubtaskStatus.Running, Token);

        var view = await _host.Collaborations.CancelAsync(submitted.Id, "carol", Token);

        view.Status.ShouldBe(CollaborationStatus.Cancelled);
        view.Error.ShouldBe("Cancelled by carol.");
        Subtask(view, "hold").Status.ShouldBe(SubtaskStatus.Cancelled);
        Subtask(view, "after").Status.ShouldBe(SubtaskStatus.Skipped);
        (await Should.ThrowAsync<LightningException>(() => _host.Collaborations.CancelAsync(submitted.Id, "carol", Token))).Kind.ShouldBe(ErrorKind.Conflict);
        await _host.WaitForAsync(submitted.Id, _ => _host.Probe.Holding == 0, Token);
    }

    internal const string Disagreement = """
        { "subtasks": [
          { "id": "a", "tool": "echo", "input": { "verdict": "ship" } },
          { "id": "b", "tool": "echo", "input": { "verdict": "hold" } },
          { "id": "vote", "dependsOn": ["a", "b"], "aggregate": { "strategy": "majority-vote", "field": "verdict", "escalate": true } }
        ] }
        """;

    [Fact]
    public async Task Escalation_WhenAgentsDisagree_APersonNamesTheWinnerAtTheGate()
    {
        var submitted = await _host.SubmitAsync(Plan(Disagreement), Token);

        var waiting = await _host.WaitForAsync(submitted.Id, v => v.Progress.AwaitingApproval == 1, Token);
        Subtask(waiting, "vote").Status.ShouldBe(SubtaskStatus.AwaitingApproval);
        var gate = (await _host.Collaborations.EventsAsync(submitted.Id, 0, 100, Token))!.Single(e => e.Type == CollaborationEventTypes.SubtaskAwaitingApproval);
        gate.Data!.Value.GetProperty("reason").GetString()!.ShouldContain("tied at 1 vote each");

        var unclear = await Should.ThrowAsync<ValidationFailedException>(() => _host.Collaborations.DecideAsync(submitted.Id, "vote", true, "alice", "maybe", Token));
        unclear.Message.ShouldContain("one of the subtasks a, b");
        await _host.Collaborations.DecideAsync(submitted.Id, "vote", approve: true, "alice", "b", Token);

        var view = await _host.WaitFinishedAsync(submitted.Id, Token);
        view.Status.ShouldBe(CollaborationStatus.Succeeded, view.Error);
        view.Result!.Value.GetRawText().ShouldBe("""{"value":"hold","votes":1,"of":2,"agreeing":["b"],"decidedBy":"alice"}""");
    }

    [Fact]
    public async Task Escalation_Rejected_FailsTheVote()
    {
        var submitted = await _host.SubmitAsync(Plan(Disagreement), Token);
        await _host.WaitForAsync(submitted.Id, v => v.Progress.AwaitingApproval == 1, Token);

        await _host.Collaborations.DecideAsync(submitted.Id, "vote", approve: false, "alice", "neither", Token);

        var view = await _host.WaitFinishedAsync(submitted.Id, Token);
        view.Status.ShouldBe(CollaborationStatus.Failed);
        Subtask(view, "vote").Error.ShouldBe("Rejected by alice: neither");
    }

    [Fact]
    public async Task Budget_SubtaskRunsExhausted_StopsNewWorkWithAClearStatus()
    {
        var submitted = await _host.SubmitAsync(Plan("""
            { "subtasks": [
              { "id": "one", "tool": "echo" }, { "id": "two", "tool": "echo", "dependsOn": ["one"] }, { "id": "three", "tool": "echo", "dependsOn": ["two"] }
            ] }
            """), Token, new TaskBudget(MaxSubtaskRuns: 2));

        var view = await _host.WaitFinishedAsync(submitted.Id, Token);

        view.Status.ShouldBe(CollaborationStatus.BudgetExhausted);
        view.Error.ShouldBe("The budget of 2 subtask runs ran out.");
        Subtask(view, "two").Status.ShouldBe(SubtaskStatus.Succeeded);
        Subtask(view, "three").Status.ShouldBe(SubtaskStatus.Skipped);
        view.Usage.SubtaskRuns.ShouldBe(2);
    }

    [Fact]
    public async Task Budget_Tokens_CountsUsageReportedByTools()
    {
        var submitted = await _host.SubmitAsync(Plan("""
            { "subtasks": [
              { "id": "ask", "tool": "probe", "input": { "usage": 700 } }, { "id": "ask-again", "tool": "probe", "input": { "usage": 700 }, "dependsOn": ["ask"] },
              { "id": "never", "tool": "probe", "dependsOn": ["ask-again"] }
            ] }
            """), Token, new TaskBudget(MaxTokens: 1000));

        var view = await _host.WaitFinishedAsync(submitted.Id, Token);

        view.Status.ShouldBe(CollaborationStatus.BudgetExhausted);
        view.Usage.Tokens.ShouldBe(1400);
        Subtask(view, "never").Status.ShouldBe(SubtaskStatus.Skipped);
    }

    [Fact]
    public async Task Limits_MaxParallelAndGroups_CapConcurrentRuns()
    {
        var subtasks = string.Join(",", Enumerable.Range(0, 12).Select(i => $$"""{ "id": "s{{i}}", "tool": "probe", "input": { "delayMs": 30 }, "group": "g" }"""));
        var submitted = await _host.SubmitAsync(Plan($$"""{ "subtasks": [{{subtasks}}], "maxParallel": 5, "groups": { "g": 3 } }"""), Token);

        var view = await _host.WaitFinishedAsync(submitted.Id, Token);

        view.Status.ShouldBe(CollaborationStatus.Succeeded);
        _host.Probe.MaxConcurrent.ShouldBe(3);
    }

    [Fact]
    public async Task Aggregate_MajorityVote_CombinesDependencyOutputs()
    {
        var submitted = await _host.SubmitAsync(Plan("""
            { "subtasks": [
              { "id": "v1", "tool": "echo", "input": { "verdict": "ship" } },
              { "id": "v2", "tool": "echo", "input": { "verdict": "hold" } },
              { "id": "v3", "tool": "echo", "input": { "verdict": "ship" } },
              { "id": "decide", "dependsOn": ["v1", "v2", "v3"], "aggregate": { "strategy": "majority-vote", "field": "verdict" } }
            ] }
            """), Token);

        var view = await _host.WaitFinishedAsync(submitted.Id, Token);

        view.Status.ShouldBe(CollaborationStatus.Succeeded);
        view.Result!.Value.GetProperty("value").GetString().ShouldBe("ship");
        view.Result!.Value.GetProperty("votes").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Selection_DirectAgent_RunsOnThatAgentAndLeastLoadedSpreadsWork()
    {
        var subtasks = string.Join(",", Enumerable.Range(0, 8).Select(i => $$"""{ "id": "c{{i}}", "tool": "probe", "capability": "command", "input": { "delayMs": 50 } }"""));
        var submitted = await _host.SubmitAsync(Plan($$"""
            { "subtasks": [ { "id": "pinned", "tool": "probe", "agent": "reviewer", "selection": "direct" }, {{subtasks}} ] }
            """), Token);

        var view = await _host.WaitFinishedAsync(submitted.Id, Token);

        Subtask(view, "pinned").Agent.ShouldBe("reviewer");
        // Eight overlapping subtasks on agents offering "command": least-loaded spreads them over several agents.
        view.Subtasks.Where(s => s.Id.StartsWith('c')).Select(s => s.Agent).Distinct().Count().ShouldBeGreaterThan(1);
        (await _host.Collaborations.AgentsAsync(submitted.Id, Token))!.Sum(a => a.Subtasks).ShouldBe(9);
    }

    [Fact]
    public async Task Watch_StreamsEveryEventThroughFinished()
    {
        var submitted = await _host.SubmitAsync(Plan("""
            { "subtasks": [ { "id": "a", "tool": "echo" }, { "id": "b", "tool": "echo", "dependsOn": ["a"] } ] }
            """), Token);

        var seen = new List<CollaborationEvent>();
        await foreach (var e in _host.Collaborations.WatchAsync(submitted.Id, 0, Token))
        {
            seen.Add(e);
        }

        seen[0].Type.ShouldBe(CollaborationEventTypes.Submitted);
        seen[^1].Type.ShouldBe(CollaborationEventTypes.Finished);
        seen.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, seen.Count).Select(i => (long)i));
        seen.Count(e => e.Type == CollaborationEventTypes.SubtaskSucceeded).ShouldBe(2);
    }

    [Fact]
    public async Task History_ListsNewestFirstWithCountsAndFilters()
    {
        var ok = await _host.SubmitAsync(Plan("""{ "subtasks": [ { "id": "a", "tool": "echo" } ] }"""), Token);
        await _host.WaitFinishedAsync(ok.Id, Token);
        var bad = await _host.SubmitAsync(Plan("""{ "subtasks": [ { "id": "a", "tool": "echo", "input": { "fail": "x" } } ] }"""), Token);
        await _host.WaitFinishedAsync(bad.Id, Token);

        var all = await _host.Collaborations.ListAsync(new CollaborationQuery(), Token);
        var failed = await _host.Collaborations.ListAsync(new CollaborationQuery(Status: CollaborationStatus.Failed), Token);

        all.Items.Select(i => i.Id).ShouldBe([bad.Id, ok.Id]);
        all.Items[1].Succeeded.ShouldBe(1);
        failed.Items.Single().Id.ShouldBe(bad.Id);
        failed.Items.Single().Failed.ShouldBe(1);
        var metrics = await _host.Collaborations.MetricsAsync(Token);
        metrics.Succeeded.ShouldBe(1);
        metrics.Failed.ShouldBe(1);
        metrics.SubtasksCompleted.ShouldBe(1);
    }
}
