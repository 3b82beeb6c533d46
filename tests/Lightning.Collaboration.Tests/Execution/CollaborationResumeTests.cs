using Lightning.Collaboration.Execution;
using Lightning.Collaboration.History;
using Lightning.TestUtilities;

namespace Lightning.Collaboration.Tests.Execution;

public sealed class CollaborationResumeTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Restart_MidRun_ResumesWithoutRerunningFinishedSubtasks()
    {
        using var data = new TempDirectory();
        var probe = new ProbeTool();
        string id;
        await using (var first = await CollaborationHost.StartAsync(data.Path, probe))
        {
            var submitted = await first.SubmitAsync(CollaborationEngineTests.Plan("""
                { "subtasks": [
                  { "id": "done", "tool": "probe", "input": { "value": 1 } },
                  { "id": "interrupted", "tool": "probe", "input": { "hold": true }, "dependsOn": ["done"] },
                  { "id": "later", "tool": "probe", "input": { "value": "${outputs.done}" }, "dependsOn": ["interrupted"] }
                ] }
                """), Token);
            id = submitted.Id;
            await first.WaitForAsync(id, v => v.Subtasks.Single(s => s.Id == "interrupted").Status == SubtaskStatus.Running, Token);
        }

        await probe.WaitNotHoldingAsync(Token);

        // The server stopped with "interrupted" running; a new one on the same data resumes it.
        await using var second = await CollaborationHost.StartAsync(data.Path, probe);
        await second.WaitForAsync(id, _ => probe.Holding == 1, Token);
        probe.Release();
        var view = await second.WaitFinishedAsync(id, Token);

        view.Status.ShouldBe(CollaborationStatus.Succeeded);
        probe.Calls[$"{id}:done"].ShouldBe(1);
        probe.Calls[$"{id}:interrupted"].ShouldBe(2);
        view.Result!.Value.GetInt32().ShouldBe(1);
        var events = (await second.Collaborations.EventsAsync(id, 0, 100, Token))!;
        events.Count(e => e.Type == CollaborationEventTypes.Resumed).ShouldBe(1);
        events.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, events.Count).Select(i => (long)i));
    }
}
