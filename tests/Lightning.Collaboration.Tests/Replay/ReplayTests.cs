using Lightning.Collaboration.Execution;
using Lightning.Collaboration.History;
using Lightning.Collaboration.Replay;
using Lightning.Collaboration.Tests.Execution;
using Lightning.Core.Errors;
using Lightning.TestUtilities;
using System.Text.Json;

namespace Lightning.Collaboration.Tests.Replay;

public sealed class ReplayTests : IAsyncLifetime
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

    /// <summary>Retries, a vote, an approval gate, outputs passed along and token usage: everything a replay must reproduce.</summary>
    const string RichPlan = """
        { "subtasks": [
          { "id": "fetch", "tool": "probe", "input": { "value": { "items": [3, 1, 2], "name": "é \u2603 \"q\"" }, "usage": 40 } },
          { "id": "flaky", "tool": "probe", "input": { "failTimes": 2, "value": "steady" }, "retry": { "maxAttempts": 3, "backoffSeconds": 0.05 } },
          { "id": "v1", "tool": "echo", "input": { "verdict": "ship" }, "dependsOn": ["fetch"] },
          { "id": "v2", "tool": "echo", "input": { "verdict": "ship" }, "dependsOn": ["fetch"] },
          { "id": "v3", "tool": "echo", "input": { "verdict": "hold" }, "dependsOn": ["fetch"] },
          { "id": "vote", "dependsOn": ["v1", "v2", "v3"], "aggregate": { "strategy": "majority-vote", "field": "verdict" } },
          { "id": "release", "tool": "probe", "requiresApproval": true, "dependsOn": ["vote", "flaky"],
            "input": { "value": { "from": "${outputs.fetch.name}", "vote": "${outputs.vote}", "flaky": "${outputs.flaky}" } } }
        ] }
        """;

    async Task<CollaborationView> RunRichAsync()
    {
        var submitted = await _host.SubmitAsync(CollaborationEngineTests.Plan(RichPlan), Token);
        await _host.WaitForAsync(submitted.Id, v => v.Progress.AwaitingApproval == 1, Token);
        await _host.Collaborations.DecideAsync(submitted.Id, "release", approve: true, "alice", "go", Token);
        var view = await _host.WaitFinishedAsync(submitted.Id, Token);
        view.Status.ShouldBe(CollaborationStatus.Succeeded);
        return view;
    }

    [Fact]
    public async Task Replay_ReExecutesWithoutCallingAnyAgent_AndReproducesTheResultByteForByte()
    {
        var original = await RunRichAsync();
        var callsBefore = _host.Probe.Calls.Values.Sum();

        var started = await _host.Collaborations.ReplayAsync(original.Id, "bob", Token);
        var replay = await _host.WaitFinishedAsync(started.Id, Token);

        replay.Status.ShouldBe(CollaborationStatus.Succeeded);
        replay.Result!.Value.GetRawText().ShouldBe(original.Result!.Value.GetRawText());
        _host.Probe.Calls.Values.Sum().ShouldBe(callsBefore);
        _host.Probe.Calls.Keys.ShouldNotContain(key => key.StartsWith(replay.Id, StringComparison.Ordinal));
        replay.Origin.ShouldBe(new CollaborationOrigin("replay", original.Id));
        replay.SubmittedBy.ShouldBe("bob");
        replay.Title.ShouldBe("Replay of test");
        replay.Usage.Tokens.ShouldBe(original.Usage.Tokens);
        foreach (var subtask in original.Subtasks)
        {
            var again = replay.Subtasks.Single(s => s.Id == subtask.Id);
            (again.Status, again.Agent, again.Attempts).ShouldBe((subtask.Status, subtask.Agent, subtask.Attempts));
            again.Output?.GetRawText().ShouldBe(subtask.Output?.GetRawText());
        }

        var diff = await _host.Collaborations.DiffAsync(original.Id, replay.Id, Token);
        diff.ResultIdentical.ShouldBeTrue();
        diff.Subtasks.ShouldBeEmpty();
        diff.Unchanged.ShouldBe(original.Subtasks.Count);

        var events = (await _host.Collaborations.EventsAsync(replay.Id, 0, 1000, Token))!;
        events.Single(e => e.Type == CollaborationEventTypes.SubtaskApproved).Data!.Value.GetProperty("by").GetString().ShouldBe("alice");
        events.Count(e => e.Type == CollaborationEventTypes.SubtaskFailed).ShouldBe(2);
    }

    [Fact]
    public async Task Replay_OfAFailedCollaboration_ReproducesTheSameFailure()
    {
        var submitted = await _host.SubmitAsync(CollaborationEngineTests.Plan("""
            { "subtasks": [
              { "id": "bad", "tool": "echo", "input": { "fail": "boom" }, "onFailure": "continue" },
              { "id": "after-bad", "tool": "echo", "dependsOn": ["bad"] },
              { "id": "good", "tool": "probe", "input": { "value": 7 } }
            ] }
            """), Token);
        var original = await _host.WaitFinishedAsync(submitted.Id, Token);
        original.Status.ShouldBe(CollaborationStatus.Failed);

        var replay = await _host.WaitFinishedAsync((await _host.Collaborations.ReplayAsync(original.Id, "bob", Token)).Id, Token);

        replay.Status.ShouldBe(CollaborationStatus.Failed);
        replay.Error.ShouldBe(original.Error);
        var diff = await _host.Collaborations.DiffAsync(original.Id, replay.Id, Token);
        diff.Subtasks.ShouldBeEmpty();
    }

    [Fact]
    public async Task Replay_OfARunningOrCancelledCollaboration_IsAConflictThatSaysWhy()
    {
        var submitted = await _host.SubmitAsync(CollaborationEngineTests.Plan("""{ "subtasks": [ { "id": "wait", "tool": "probe", "input": { "hold": true } } ] }"""), Token);
        await _host.WaitForAsync(submitted.Id, v => v.Progress.Running == 1, Token);

        var running = await Should.ThrowAsync<LightningException>(() => _host.Collaborations.ReplayAsync(submitted.Id, "bob", Token));
        running.Kind.ShouldBe(ErrorKind.Conflict);
        running.Message.ShouldContain("still running");

        await _host.Collaborations.CancelAsync(submitted.Id, "bob", Token);
        var cancelled = await Should.ThrowAsync<LightningException>(() => _host.Collaborations.ReplayAsync(submitted.Id, "bob", Token));
        cancelled.Message.ShouldContain("ended cancelled");
        (await Should.ThrowAsync<LightningException>(() => _host.Collaborations.ReplayAsync("col_nope", "bob", Token))).Kind.ShouldBe(ErrorKind.NotFound);
    }

    const string ChainPlan = """
        { "subtasks": [
          { "id": "a", "tool": "probe", "input": { "value": { "n": 1 } } },
          { "id": "b", "tool": "probe", "input": { "value": { "n": 2 } }, "dependsOn": ["a"] },
          { "id": "c", "tool": "echo", "input": { "b": "${outputs.b.n}", "a": "${outputs.a.n}" }, "dependsOn": ["b"] },
          { "id": "side", "tool": "probe", "input": { "value": "side" } }
        ] }
        """;

    [Fact]
    public async Task Fork_WithANewInput_RunsThatSubtaskAndItsDependentsForReal_TheRestFromTheRecording()
    {
        var submitted = await _host.SubmitAsync(CollaborationEngineTests.Plan(ChainPlan), Token);
        var original = await _host.WaitFinishedAsync(submitted.Id, Token);

        var input = JsonSerializer.SerializeToElement(new { value = new { n = 20 } });
        var started = await _host.Collaborations.ForkAsync(original.Id, new ForkRequest("b", Input: input), "carol", Token);
        var fork = await _host.WaitFinishedAsync(started.Id, Token);

        fork.Status.ShouldBe(CollaborationStatus.Succeeded);
        fork.Origin!.Kind.ShouldBe("fork");
        fork.Origin.Subtask.ShouldBe("b");
        _host.Probe.Calls.Keys.Where(key => key.StartsWith(fork.Id, StringComparison.Ordinal)).ShouldBe([$"{fork.Id}:b"]);
        fork.Result!.Value.GetRawText().ShouldBe("""{"c":{"b":20,"a":1},"side":"side"}""");

        var diff = await _host.Collaborations.DiffAsync(original.Id, fork.Id, Token);
        diff.ResultIdentical.ShouldBeFalse();
        diff.Subtasks.Select(s => s.Id).ShouldBe(["b", "c"]);
        diff.Subtasks[0].Changes.ShouldBe(["output"]);
        diff.Subtasks[1].OutputDiff.ShouldContain("-  \"b\": 2,");
        diff.Subtasks[1].OutputDiff.ShouldContain("+  \"b\": 20,");
        diff.Unchanged.ShouldBe(2);
    }

    [Fact]
    public async Task Fork_WithAnotherAgent_RunsTheForkedSubtaskOnThatAgent()
    {
        var submitted = await _host.SubmitAsync(CollaborationEngineTests.Plan(ChainPlan), Token);
        var original = await _host.WaitFinishedAsync(submitted.Id, Token);
        var other = (await _host.Registry.ListAsync(Token)).Select(a => a.Name).First(name => name != original.Subtasks.Single(s => s.Id == "c").Agent);

        var fork = await _host.WaitFinishedAsync((await _host.Collaborations.ForkAsync(original.Id, new ForkRequest("c", Agent: other), "carol", Token)).Id, Token);

        fork.Subtasks.Single(s => s.Id == "c").Agent.ShouldBe(other);
        fork.Result!.Value.GetRawText().ShouldBe(original.Result!.Value.GetRawText());
        var diff = await _host.Collaborations.DiffAsync(original.Id, fork.Id, Token);
        diff.ResultIdentical.ShouldBeTrue();
        diff.Subtasks.Single().Changes.ShouldBe(["agent"]);
    }

    [Fact]
    public async Task Fork_AtAnUnknownSubtaskOrWithAnUnknownAgent_IsRejectedWithTheReason()
    {
        var submitted = await _host.SubmitAsync(CollaborationEngineTests.Plan(ChainPlan), Token);
        await _host.WaitFinishedAsync(submitted.Id, Token);

        var unknownSubtask = await Should.ThrowAsync<ValidationFailedException>(() => _host.Collaborations.ForkAsync(submitted.Id, new ForkRequest("zzz"), "carol", Token));
        unknownSubtask.Message.ShouldContain("no subtask 'zzz'");
        var unknownAgent = await Should.ThrowAsync<ValidationFailedException>(() => _host.Collaborations.ForkAsync(submitted.Id, new ForkRequest("b", Agent: "ghost"), "carol", Token));
        unknownAgent.Message.ShouldContain("ghost");
    }

    [Fact]
    public async Task Fork_OfASharedWorkspacePlan_StartsFromACopyOfTheOriginalsFiles()
    {
        var submitted = await _host.SubmitAsync(CollaborationEngineTests.Plan("""
            { "workspace": "shared", "subtasks": [
              { "id": "write", "tool": "write-file", "agent": "build-runner", "input": { "path": "a.txt", "content": "one" } },
              { "id": "read", "tool": "command", "agent": "repository-analyst", "dependsOn": ["write"], "input": { "command": ["cat", "a.txt"] } }
            ] }
            """), Token);
        var original = await _host.WaitFinishedAsync(submitted.Id, Token);
        original.Status.ShouldBe(CollaborationStatus.Succeeded, original.Error);

        var input = JsonSerializer.SerializeToElement(new { command = new[] { "sh", "-c", "cat a.txt; echo changed > a.txt" } });
        var fork = await _host.WaitFinishedAsync((await _host.Collaborations.ForkAsync(original.Id, new ForkRequest("read", Input: input), "carol", Token)).Id, Token);

        fork.Status.ShouldBe(CollaborationStatus.Succeeded, fork.Error);
        fork.Subtasks.Single(s => s.Id == "read").Output!.Value.GetProperty("output").GetString().ShouldBe("one");
        var workspaces = Path.Combine(_data.Path, "workspaces", "collaborations");
        File.ReadAllText(Path.Combine(workspaces, original.Id, "a.txt")).ShouldBe("one");
        File.ReadAllText(Path.Combine(workspaces, fork.Id, "a.txt")).ShouldBe("changed\n");
    }

    [Fact]
    public async Task Replay_OfAnEscalatedVote_TakesThePersonsDecisionFromTheRecording()
    {
        var submitted = await _host.SubmitAsync(CollaborationEngineTests.Plan(CollaborationEngineTests.Disagreement), Token);
        await _host.WaitForAsync(submitted.Id, v => v.Progress.AwaitingApproval == 1, Token);
        await _host.Collaborations.DecideAsync(submitted.Id, "vote", approve: true, "alice", "\"ship\"", Token);
        var original = await _host.WaitFinishedAsync(submitted.Id, Token);

        var replay = await _host.WaitFinishedAsync((await _host.Collaborations.ReplayAsync(original.Id, "bob", Token)).Id, Token);

        replay.Status.ShouldBe(CollaborationStatus.Succeeded, replay.Error);
        replay.Result!.Value.GetRawText().ShouldBe(original.Result!.Value.GetRawText());
        replay.Result!.Value.GetProperty("value").GetString().ShouldBe("ship");
    }

    [Fact]
    public void LineDiff_MarksRemovedAndAddedLinesAroundTheCommonOnes()
    {
        LineDiff.Unified("a\nb\nc", "a\nx\nc").ShouldBe([" a", "-b", "+x", " c"]);
        LineDiff.Unified(string.Empty, "new").ShouldBe(["+new"]);
    }
}
