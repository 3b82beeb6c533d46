using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.Patterns;
using Lightning.Server.Auth;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints;

public sealed class BlackboardEndpointsTests : IAsyncDisposable
{
    const string Plan = """
        { "title": "board", "plan": { "result": "second", "subtasks": [
          { "id": "first", "tool": "blackboard-write", "agent": "build-runner", "input": { "key": "plan", "value": { "step": 1 }, "expectedVersion": 0 } },
          { "id": "second", "tool": "blackboard-write", "agent": "repository-analyst", "dependsOn": ["first"],
            "input": { "key": "plan", "value": { "step": 2 }, "expectedVersion": 1 } }
        ] } }
        """;

    readonly LightningAppFactory _app = new();

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Blackboard_AfterWrites_ShowsEachKeyWithItsVersionAndHistoryToAViewer()
    {
        using var operatorClient = await _app.CreateClientAsync(ApiKeyRole.Operator, Token);
        using var content = new StringContent(Plan, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        var submitted = await (await operatorClient.PostAsync("/api/v2/collaborate/submit", content, Token)).ReadAsync<CollaborationView>();
        using var viewer = await _app.CreateClientAsync(ApiKeyRole.Viewer, Token);
        var done = await WaitFinishedAsync(viewer, submitted.Id);

        var board = await (await viewer.GetAsync($"/api/v2/collaborate/{submitted.Id}/blackboard", Token)).ReadAsync<BlackboardView>();

        done.Status.ShouldBe(CollaborationStatus.Succeeded, done.Error);
        board.Collaboration.ShouldBe(submitted.Id);
        var entry = board.Entries.ShouldHaveSingleItem();
        (entry.Key, entry.Version, entry.UpdatedBy).ShouldBe(("plan", 2L, "repository-analyst"));
        entry.Value!.Value.GetProperty("step").GetInt32().ShouldBe(2);
        entry.History.Select(r => (r.Version, r.WrittenBy, r.Subtask)).ShouldBe([(1L, "build-runner", "first"), (2L, "repository-analyst", "second")]);
    }

    [Fact]
    public async Task Blackboard_UnknownCollaboration_Is404()
    {
        using var viewer = await _app.CreateClientAsync(ApiKeyRole.Viewer, Token);

        await (await viewer.GetAsync("/api/v2/collaborate/col_missing/blackboard", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Blackboard_WithoutAKey_Is401()
    {
        using var anonymous = _app.CreateClient();

        (await anonymous.GetAsync("/api/v2/collaborate/col_missing/blackboard", Token)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    static async Task<CollaborationView> WaitFinishedAsync(HttpClient client, string id)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var view = await (await client.GetAsync($"/api/v2/collaborate/status/{id}", timeout.Token)).ReadAsync<CollaborationView>();
            if (view.Status.IsFinished())
            {
                return view;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
