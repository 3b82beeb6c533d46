using System.Diagnostics;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.Tests.Execution;
using Lightning.Core.Errors;
using Lightning.TestUtilities;

namespace Lightning.Collaboration.Tests.Patterns;

public sealed class CollaborationToolTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    static Task<CollaborationView> SubmitAsync(CollaborationHost host, string plan) => host.SubmitAsync(CollaborationEngineTests.Plan(plan), Token);

    static async Task<IReadOnlyList<CollaborationSummary>> AllAsync(CollaborationHost host) =>
        (await host.Collaborations.ListAsync(new CollaborationQuery(), Token)).Items;

    const string HoldingChild = """
        { "subtasks": [ { "id": "child", "tool": "collaboration",
          "input": { "task": { "title": "held", "plan": { "subtasks": [ { "id": "wait", "tool": "probe", "input": { "hold": true, "value": "released" } } ] } } } } ] }
        """;

    [Fact]
    public async Task Child_Succeeds_ReturnsItsResultAndIdAndRecordsTheLink()
    {
        using var data = new TempDirectory();
        await using var host = await CollaborationHost.StartAsync(data.Path);

        var parent = await SubmitAsync(host, """
            { "subtasks": [
              { "id": "child", "tool": "collaboration", "input": { "task": { "title": "inner", "plan": { "result": "b", "subtasks": [
                  { "id": "a", "tool": "echo", "input": { "n": 7 } },
                  { "id": "b", "tool": "echo", "input": { "n": "${{outputs.a.n}}", "from": "${{inputs.who}}" }, "dependsOn": ["a"] } ] },
                  "inputs": { "who": "parent" } } } },
              { "id": "after", "tool": "echo", "input": { "got": "${outputs.child.result.n}" }, "dependsOn": ["child"] }
            ] }
            """);
        var view = await host.WaitFinishedAsync(parent.Id, Token);

        view.Status.ShouldBe(CollaborationStatus.Succeeded, view.Error);
        view.Result!.Value.GetProperty("got").GetInt32().ShouldBe(7);
        var output = view.Subtasks.Single(s => s.Id == "child").Output!.Value;
        var childId = output.GetProperty("collaboration").GetString()!;
        output.GetProperty("status").GetString().ShouldBe("succeeded");
        output.GetProperty("result").GetProperty("from").GetString().ShouldBe("parent");
        var child = (await host.Collaborations.GetAsync(childId, Token))!;
        child.Title.ShouldBe("↳ test: inner");
        child.SubmittedBy.ShouldBe("tests");
        var request = (await PatternEvents.MessagesAsync(host.Collaborations, parent.Id, Token)).ShouldHaveSingleItem();
        (request.Performative, request.Receiver, request.Subtask).ShouldBe(("request", $"collaboration:{childId}", "child"));
        (await AllAsync(host)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Child_Fails_FailsTheSubtaskForGoodWithTheChildsError()
    {
        using var data = new TempDirectory();
        await using var host = await CollaborationHost.StartAsync(data.Path);

        var parent = await SubmitAsync(host, """
            { "subtasks": [ { "id": "child", "tool": "collaboration", "retry": { "maxAttempts": 3, "backoffSeconds": 0 },
              "input": { "task": { "plan": { "subtasks": [ { "id": "bad", "tool": "echo", "input": { "fail": "boom" } } ] } } } } ] }
            """);
        var view = await host.WaitFinishedAsync(parent.Id, Token);

        view.Status.ShouldBe(CollaborationStatus.Failed);
        var subtask = view.Subtasks.Single();
        subtask.Attempts.ShouldBe(1);
        subtask.Error!.ShouldContain("ended failed: Subtask 'bad' failed: boom");
        subtask.Error!.ShouldContain(subtask.Output!.Value.GetProperty("collaboration").GetString()!);
    }

    [Fact]
    public async Task Submit_InvalidChildTask_IsRefusedAtSubmit()
    {
        using var data = new TempDirectory();
        await using var host = await CollaborationHost.StartAsync(data.Path);

        var error = await Should.ThrowAsync<ValidationFailedException>(() => SubmitAsync(host, """
            { "subtasks": [ { "id": "child", "tool": "collaboration", "input": { "task": { "plan": { "subtasks": [] }, "colour": "red" } } } ] }
            """));

        error.Message.ShouldContain("colour");
    }

    [Fact]
    public async Task Parent_Cancelled_CancelsTheChild()
    {
        using var data = new TempDirectory();
        await using var host = await CollaborationHost.StartAsync(data.Path);
        var parent = await SubmitAsync(host, HoldingChild);
        await host.WaitForAsync(parent.Id, _ => host.Probe.Holding == 1, Token);
        var childId = (await AllAsync(host)).Single(c => c.Id != parent.Id).Id;

        await host.Collaborations.CancelAsync(parent.Id, "tests", Token);
        var child = await host.WaitFinishedAsync(childId, Token);

        child.Status.ShouldBe(CollaborationStatus.Cancelled);
        child.Error!.ShouldContain($"collaboration:{parent.Id}");
    }

    [Fact]
    public async Task Resume_AfterTheChildIdWasSavedButNotSubmitted_SubmitsUnderThatIdAndStartsNoOther()
    {
        using var data = new TempDirectory();
        await using var host = await CollaborationHost.StartAsync(data.Path);
        var parent = await SubmitAsync(host, """
            { "subtasks": [
              { "id": "gate", "tool": "probe", "input": { "hold": true, "value": "open" } },
              { "id": "child", "tool": "collaboration", "dependsOn": ["gate"], "input": { "task": { "title": "inner", "plan": { "subtasks": [
                  { "id": "a", "tool": "echo", "input": { "n": 3 } } ] } } } } ] }
            """);
        await host.WaitForAsync(parent.Id, _ => host.Probe.Holding == 1, Token);

        // What a crash leaves between saving the child's id and its submit: the link, and no such collaboration.
        var chosen = Lightning.Core.Ids.LightningId.New("col");
        await host.Service<Lightning.Collaboration.Patterns.BlackboardStore>().SaveChildAsync($"{parent.Id}:child", parent.Id, chosen, Token);
        host.Probe.Release();
        var view = await host.WaitFinishedAsync(parent.Id, Token);

        view.Status.ShouldBe(CollaborationStatus.Succeeded, view.Error);
        view.Result!.Value.GetProperty("collaboration").GetString().ShouldBe(chosen);
        (await AllAsync(host)).Select(c => c.Id).Order().ShouldBe(new[] { parent.Id, chosen }.Order());
    }

    [Fact]
    public async Task SubmitAsync_WithAChosenId_TwiceStartsOneCollaboration_AndRefusesAMalformedId()
    {
        using var data = new TempDirectory();
        await using var host = await CollaborationHost.StartAsync(data.Path);
        var task = new Lightning.Collaboration.Tasks.ComplexTask
        {
            Title = "chosen id",
            Plan = CollaborationEngineTests.Plan("""{ "subtasks": [ { "id": "a", "tool": "echo", "input": { "n": 1 } } ] }"""),
        };
        var id = Lightning.Core.Ids.LightningId.New("col");

        var first = await host.Collaborations.SubmitAsync(task, "tests", id, Token);
        await host.WaitFinishedAsync(id, Token);
        var again = await host.Collaborations.SubmitAsync(task, "tests", id, Token);

        first.Id.ShouldBe(id);
        again.Id.ShouldBe(id);
        again.Status.ShouldBe(CollaborationStatus.Succeeded, "the second submit returns the collaboration as it is");
        (await AllAsync(host)).ShouldHaveSingleItem();
        var refused = await Should.ThrowAsync<ValidationFailedException>(() => host.Collaborations.SubmitAsync(task, "tests", "col_../x", Token));
        refused.Message.ShouldContain("col_");
    }

    [Fact]
    public async Task Restart_WhileTheChildRuns_FollowsTheSameChildInsteadOfStartingAnother()
    {
        using var data = new TempDirectory();
        var probe = new ProbeTool();
        string parentId, childId;
        await using (var first = await CollaborationHost.StartAsync(data.Path, probe))
        {
            parentId = (await SubmitAsync(first, HoldingChild)).Id;
            await first.WaitForAsync(parentId, _ => probe.Holding == 1, Token);
            childId = (await AllAsync(first)).Single(c => c.Id != parentId).Id;
            // The child may hold before the tool has linked it to the subtask (the link, then the request message, are
            // written after the submit): stop only once both are, or the resume would rightly start a second child.
            var linked = Stopwatch.StartNew();
            while ((await PatternEvents.MessagesAsync(first.Collaborations, parentId, Token)).Count == 0)
            {
                linked.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), "the child's request was never recorded");
                await Task.Delay(20, Token);
            }
        }

        await probe.WaitNotHoldingAsync(Token);

        // The server stopped with both running: neither is cancelled, and both resume.
        await using var second = await CollaborationHost.StartAsync(data.Path, probe);
        await second.WaitForAsync(childId, _ => probe.Holding == 1, Token);
        probe.Release();
        var view = await second.WaitFinishedAsync(parentId, Token);

        view.Status.ShouldBe(CollaborationStatus.Succeeded, view.Error);
        view.Result!.Value.GetProperty("collaboration").GetString().ShouldBe(childId);
        view.Result!.Value.GetProperty("result").GetString().ShouldBe("released");
        (await AllAsync(second)).Count.ShouldBe(2);
        view.Subtasks.Single().Attempts.ShouldBe(2);
        (await PatternEvents.MessagesAsync(second.Collaborations, parentId, Token)).Count.ShouldBe(1);
    }
}
