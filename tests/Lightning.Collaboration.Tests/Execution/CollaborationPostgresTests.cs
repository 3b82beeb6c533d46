using Lightning.Collaboration.Execution;
using Lightning.Collaboration.History;
using Lightning.TestUtilities;

namespace Lightning.Collaboration.Tests.Execution;

/// <summary>The engine on a server whose state is in PostgreSQL: the event log is there too, and a restart resumes from it.</summary>
public sealed class CollaborationPostgresTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Submit_OnPostgres_RunsToTheEndWithTheLogInPostgres()
    {
        await using var database = await TestServices.CreatePostgresDatabaseAsync(Token);
        using var data = new TempDirectory();
        await using var host = await CollaborationHost.StartAsync(data.Path, settings: CollaborationHost.OnPostgres(database));
        host.EventStore.ShouldBeOfType<PostgresCollaborationEventStore>();

        var submitted = await host.SubmitAsync(CollaborationEngineTests.Plan("""
            { "subtasks": [
              { "id": "a", "tool": "echo", "input": { "n": 1.50, "name": "alpha" } },
              { "id": "b", "tool": "probe", "input": { "value": "${outputs.a.name}" }, "dependsOn": ["a"] }
            ], "result": "a" }
            """), Token);
        var view = await host.WaitFinishedAsync(submitted.Id, Token);

        view.Status.ShouldBe(CollaborationStatus.Succeeded);
        view.Result!.Value.GetRawText().ShouldBe("""{"n":1.50,"name":"alpha"}""");
        var summary = (await host.Collaborations.ListAsync(new CollaborationQuery(), Token)).Items.ShouldHaveSingleItem();
        summary.Id.ShouldBe(submitted.Id);
        summary.Status.ShouldBe(CollaborationStatus.Succeeded);
        summary.Succeeded.ShouldBe(2);
        var events = (await host.Collaborations.EventsAsync(submitted.Id, 0, 100, Token))!;
        events.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, events.Count).Select(i => (long)i));
        events[^1].Type.ShouldBe(CollaborationEventTypes.Finished);
        File.Exists(Path.Combine(data.Path, "collaboration", "events.db")).ShouldBeFalse("the log is in PostgreSQL, not in the data directory");
    }

    [Fact]
    public async Task Restart_OnPostgres_ResumesWithoutRerunningFinishedSubtasks()
    {
        await using var database = await TestServices.CreatePostgresDatabaseAsync(Token);
        using var data = new TempDirectory();
        var settings = CollaborationHost.OnPostgres(database);
        var probe = new ProbeTool();
        string id;
        await using (var first = await CollaborationHost.StartAsync(data.Path, probe, settings))
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

        // A new server on the same database (and a fresh data directory: nothing of the log is kept on disk).
        using var otherData = new TempDirectory();
        await using var second = await CollaborationHost.StartAsync(otherData.Path, probe, settings);
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
        (await second.Collaborations.ListAsync(new CollaborationQuery(Status: CollaborationStatus.Succeeded), Token)).Items.ShouldHaveSingleItem().Id.ShouldBe(id);
    }
}
