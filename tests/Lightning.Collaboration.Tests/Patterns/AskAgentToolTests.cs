using Lightning.Agents.Registry;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.Tests.Execution;
using Lightning.TestUtilities;

namespace Lightning.Collaboration.Tests.Patterns;

public sealed class AskAgentToolTests : IAsyncLifetime
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

    async Task<CollaborationView> RunAsync(string plan)
    {
        var submitted = await _host.SubmitAsync(CollaborationEngineTests.Plan(plan), Token);
        return await _host.WaitFinishedAsync(submitted.Id, Token);
    }

    [Fact]
    public async Task Ask_RunsTheToolAsTheOtherAgentAndRecordsRequestAndReply()
    {
        var view = await RunAsync("""
            { "subtasks": [ { "id": "ask", "tool": "ask-agent", "agent": "build-runner",
              "input": { "agent": "repository-analyst", "tool": "probe", "input": { "value": { "answer": 42 } }, "question": "what is it?" } } ] }
            """);

        view.Status.ShouldBe(CollaborationStatus.Succeeded, view.Error);
        view.Result!.Value.GetProperty("answer").GetInt32().ShouldBe(42);
        _host.Probe.Agents.ShouldBe(["repository-analyst"]);
        _host.Probe.Calls.Keys.ShouldBe([$"{view.Id}:ask>ask:repository-analyst:probe"]);
        var messages = await PatternEvents.MessagesAsync(_host.Collaborations, view.Id, Token);
        messages.Count.ShouldBe(2);
        var (request, reply) = (messages[0], messages[1]);
        request.Performative.ShouldBe("request");
        (request.Sender, request.Receiver, request.Subtask).ShouldBe(("build-runner", "repository-analyst", "ask"));
        request.Content!.Value.GetProperty("question").GetString().ShouldBe("what is it?");
        reply.Performative.ShouldBe("inform");
        (reply.Sender, reply.Receiver).ShouldBe(("repository-analyst", "build-runner"));
        reply.Conversation.ShouldBe(request.Conversation);
        reply.InReplyTo.ShouldBe(request.Content!.Value.GetProperty("id").GetString());
        reply.Content!.Value.GetProperty("answer").GetInt32().ShouldBe(42);
    }

    [Fact]
    public async Task Ask_ToolFails_RepliesFailureAndFailsTheSubtask()
    {
        var view = await RunAsync("""
            { "subtasks": [ { "id": "ask", "tool": "ask-agent", "agent": "build-runner",
              "input": { "agent": "repository-analyst", "tool": "echo", "input": { "fail": "cannot do that" } } } ] }
            """);

        view.Status.ShouldBe(CollaborationStatus.Failed);
        view.Subtasks[0].Error.ShouldBe("'repository-analyst' answered failure: cannot do that");
        var messages = await PatternEvents.MessagesAsync(_host.Collaborations, view.Id, Token);
        messages.Select(m => m.Performative).ShouldBe(["request", "failure"]);
    }

    [Fact]
    public async Task Ask_Nested_PassesTheQuestionOnAndEveryHopIsRecorded()
    {
        var view = await RunAsync("""
            { "subtasks": [ { "id": "relay", "tool": "ask-agent", "agent": "coordinator",
              "input": { "agent": "build-runner", "tool": "ask-agent",
                         "input": { "agent": "repository-analyst", "tool": "echo", "input": { "hops": 2 } } } } ] }
            """);

        view.Status.ShouldBe(CollaborationStatus.Succeeded, view.Error);
        view.Result!.Value.GetProperty("hops").GetInt32().ShouldBe(2);
        var messages = await PatternEvents.MessagesAsync(_host.Collaborations, view.Id, Token);
        messages.Select(m => $"{m.Performative} {m.Sender}→{m.Receiver}").ShouldBe([
            "request coordinator→build-runner", "request build-runner→repository-analyst",
            "inform repository-analyst→build-runner", "inform build-runner→coordinator"]);
    }

    [Fact]
    public async Task Ask_Refusals_FailForGoodWithTheReason()
    {
        await _host.Registry.RegisterAsync(new AgentRegistration("far-away", "worker", "never beats", ["command"], 1, AgentLocation.Worker, null, null), Token);

        var view = await RunAsync("""
            { "subtasks": [
              { "id": "self", "tool": "ask-agent", "agent": "build-runner", "onFailure": "continue",
                "retry": { "maxAttempts": 3, "backoffSeconds": 0 }, "input": { "agent": "build-runner", "tool": "echo" } },
              { "id": "unknown", "tool": "ask-agent", "agent": "build-runner", "onFailure": "continue", "input": { "agent": "ghost", "tool": "echo" } },
              { "id": "offline", "tool": "ask-agent", "agent": "build-runner", "onFailure": "continue", "input": { "agent": "far-away", "tool": "echo" } },
              { "id": "capability", "tool": "ask-agent", "agent": "build-runner", "onFailure": "continue",
                "input": { "agent": "reviewer", "tool": "command", "input": { "command": ["true"] } } },
              { "id": "no-tool", "tool": "ask-agent", "agent": "build-runner", "onFailure": "continue", "input": { "agent": "reviewer", "tool": "teleport" } },
              { "id": "too-deep", "tool": "ask-agent", "agent": "build-runner", "onFailure": "continue", "input": { "agent": "reviewer", "tool": "echo", "depth": 3 } },
              { "id": "loop", "tool": "ask-agent", "agent": "build-runner", "onFailure": "continue",
                "input": { "agent": "repository-analyst", "tool": "ask-agent", "input": { "agent": "build-runner", "tool": "echo" } } },
              { "id": "ok", "tool": "echo", "input": { "done": true } }
            ], "result": "ok" }
            """);

        view.Status.ShouldBe(CollaborationStatus.Succeeded, view.Error);
        string Error(string id) => view.Subtasks.Single(s => s.Id == id).Error!;
        Error("self").ShouldBe("ask-agent refused: agent 'build-runner' cannot ask itself.");
        view.Subtasks.Single(s => s.Id == "self").Attempts.ShouldBe(1);
        Error("unknown").ShouldBe("ask-agent refused: no agent named 'ghost'.");
        Error("offline").ShouldBe("ask-agent refused: agent 'far-away' is offline.");
        Error("capability").ShouldBe("ask-agent refused: agent 'reviewer' lacks capability 'command', which tool 'command' needs.");
        Error("no-tool").ShouldBe("ask-agent refused: no tool named 'teleport'.");
        Error("too-deep").ShouldContain("asks nest at most 3 deep");
        Error("loop").ShouldContain("a loop (build-runner → repository-analyst → build-runner)");
    }
}
