using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Lightning.Agents.Actions;
using Lightning.Server.Auth;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints;

public sealed class ActionsEndpointsTests : IAsyncLifetime
{
    readonly LightningAppFactory _app = new(chatClient: new ScriptedChatClient("Ship it."));
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
    public async Task Submit_Command_Is202ThenFinishesWithOutputAndHistory()
    {
        var response = await _client.PostJsonAsync("/api/v2/actions", new ActionRequest("devops-engineer", ActionKind.Command, ["sh", "-c", "echo hello; exit 2"]));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var submitted = await response.ReadAsync<ActionView>();
        response.Headers.Location!.ToString().ShouldBe($"/api/v2/actions/{submitted.Id}");
        submitted.RequestedBy.ShouldBe("test-operator");

        var done = await WaitFinishedAsync(submitted.Id);
        var output = await (await _client.GetAsync($"/api/v2/actions/{submitted.Id}/output", Token)).ReadAsync<ActionOutput>();
        var history = await (await _client.GetAsync("/api/v2/actions?agent=devops-engineer&status=failed", Token)).ReadAsync<ActionPage>();

        done.Status.ShouldBe(ActionStatus.Failed);
        done.ExitCode.ShouldBe(2);
        output.Output.ShouldBe("hello\n");
        history.Items.ShouldContain(a => a.Id == submitted.Id);
    }

    [Fact]
    public async Task WebSocket_RunningAction_StreamsOutputThenFinished()
    {
        var submitted = await (await _client.PostJsonAsync("/api/v2/actions",
            new ActionRequest("devops-engineer", ActionKind.Command, ["sh", "-c", "for i in 1 2 3; do echo line-$i; sleep 0.3; done"]))).ReadAsync<ActionView>();
        var socketClient = _app.Server.CreateWebSocketClient();
        socketClient.ConfigureRequest = request => request.Headers.Authorization = $"Bearer {_key}";

        using var socket = await socketClient.ConnectAsync(new Uri(_app.Server.BaseAddress, $"api/v2/actions/{submitted.Id}/ws"), Token);
        var events = await ReadAllAsync(socket);

        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        types[^1].ShouldBe("finished");
        types.ShouldContain("output");
        types.ShouldContain("status");
        string.Concat(events.Where(e => e.GetProperty("type").GetString() == "output").Select(e => e.GetProperty("data").GetProperty("text").GetString()))
            .ShouldBe("line-1\nline-2\nline-3\n");
        events[^1].GetProperty("data").GetProperty("status").GetString().ShouldBe("succeeded");
        events.ShouldAllBe(e => e.GetProperty("at").ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task WebSocket_FinishedAction_ReplaysOutputAndFinished()
    {
        var submitted = await (await _client.PostJsonAsync("/api/v2/actions",
            new ActionRequest("devops-engineer", ActionKind.Command, ["sh", "-c", "echo done; sleep 0.1; echo warn >&2"]))).ReadAsync<ActionView>();
        await WaitFinishedAsync(submitted.Id);
        var socketClient = _app.Server.CreateWebSocketClient();
        socketClient.ConfigureRequest = request => request.Headers.Authorization = $"Bearer {_key}";

        using var socket = await socketClient.ConnectAsync(new Uri(_app.Server.BaseAddress, $"api/v2/actions/{submitted.Id}/ws"), Token);
        var events = await ReadAllAsync(socket);

        events.Select(e => e.GetProperty("type").GetString()).ShouldBe(["output", "output", "finished"]);
        events[0].GetProperty("data").GetProperty("text").GetString().ShouldBe("done\n");
        events[0].GetProperty("data").GetProperty("stream").GetString().ShouldBe("stdout");
        events[1].GetProperty("data").GetProperty("text").GetString().ShouldBe("warn\n");
        events[1].GetProperty("data").GetProperty("stream").GetString().ShouldBe("stderr");
    }

    [Fact]
    public async Task WebSocket_WithoutKey_IsRefused()
    {
        var socketClient = _app.Server.CreateWebSocketClient();

        await Should.ThrowAsync<Exception>(() => socketClient.ConnectAsync(new Uri(_app.Server.BaseAddress, "api/v2/actions/act_x/ws"), Token));
    }

    [Fact]
    public async Task Cancel_RunningAction_IsCancelledAndSecondCancelIs409()
    {
        var submitted = await (await _client.PostJsonAsync("/api/v2/actions", new ActionRequest("devops-engineer", ActionKind.Command, ["sleep", "30"]))).ReadAsync<ActionView>();
        await WaitStatusAsync(submitted.Id, ActionStatus.Running);

        var cancelled = await (await _client.PostAsync($"/api/v2/actions/{submitted.Id}/cancel", null, Token)).ReadAsync<ActionView>();
        var again = await _client.PostAsync($"/api/v2/actions/{submitted.Id}/cancel", null, Token);

        cancelled.Status.ShouldBe(ActionStatus.Cancelled);
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Submit_UnknownAgent_Is404AndRecordsNothing()
    {
        var problem = await (await _client.PostJsonAsync("/api/v2/actions", new ActionRequest("ghost", ActionKind.Command, ["true"]))).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem.GetProperty("detail").GetString().ShouldBe("No agent named 'ghost'.");
        (await (await _client.GetAsync("/api/v2/actions", Token)).ReadAsync<ActionPage>()).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task Submit_PathTraversal_Is400AndRecordsNothing()
    {
        var problem = await (await _client.PostJsonAsync("/api/v2/actions", new ActionRequest("devops-engineer", ActionKind.ReadFile, Path: "../../../etc/passwd")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().ShouldBe("workspace.path_rejected");
        (await (await _client.GetAsync("/api/v2/actions", Token)).ReadAsync<ActionPage>()).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task Submit_MalformedJson_Is400AndRecordsNothing()
    {
        var problem = await (await _client.PostAsync("/api/v2/actions", new StringContent("{\"agent\":\"devops-engineer\",\"kind\":\"teleport\"}", Encoding.UTF8, "application/json"), Token))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("detail").GetString().ShouldBe("Field 'kind' has an invalid value: expected one of: command, read-file, write-file, list-files, prompt.");
        problem.GetProperty("errors").GetProperty("kind").GetArrayLength().ShouldBe(1);
        problem.GetProperty("detail").GetString()!.ShouldNotContain("Lightning.");
        (await (await _client.GetAsync("/api/v2/actions", Token)).ReadAsync<ActionPage>()).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task Submit_CommandPastTimeout_IsTimedOut()
    {
        var submitted = await (await _client.PostJsonAsync("/api/v2/actions", new ActionRequest("devops-engineer", ActionKind.Command, ["sleep", "20"], TimeoutSeconds: 1))).ReadAsync<ActionView>();

        var done = await WaitFinishedAsync(submitted.Id);

        done.Status.ShouldBe(ActionStatus.TimedOut);
        done.Error!.ShouldContain("timeout");
    }

    [Fact]
    public async Task Submit_OversizedOutput_IsCutAndFails()
    {
        await using var app = new LightningAppFactory(new Dictionary<string, string?> { ["Lightning:Agents:MaxOutputBytes"] = "2048" });
        var client = await app.CreateClientAsync(ApiKeyRole.Operator, Token);
        var submitted = await (await client.PostJsonAsync("/api/v2/actions", new ActionRequest("devops-engineer", ActionKind.Command, ["yes"]))).ReadAsync<ActionView>();

        ActionView done;
        do
        {
            await Task.Delay(50, Token);
            done = await (await client.GetAsync($"/api/v2/actions/{submitted.Id}", Token)).ReadAsync<ActionView>();
        }
        while (!done.Status.IsFinished());
        var output = await (await client.GetAsync($"/api/v2/actions/{submitted.Id}/output", Token)).ReadAsync<ActionOutput>();

        done.OutputTruncated.ShouldBeTrue();
        done.Error!.ShouldContain("2048-byte output limit");
        output.Output.Length.ShouldBeLessThanOrEqualTo(2048);
    }

    [Fact]
    public async Task Submit_Prompt_AnswersThroughTheConfiguredModel()
    {
        var submitted = await (await _client.PostJsonAsync("/api/v2/actions", new ActionRequest("reviewer", ActionKind.Prompt, Prompt: "Ready?"))).ReadAsync<ActionView>();

        var done = await WaitFinishedAsync(submitted.Id);
        var output = await (await _client.GetAsync($"/api/v2/actions/{submitted.Id}/output", Token)).ReadAsync<ActionOutput>();

        done.Status.ShouldBe(ActionStatus.Succeeded);
        output.Output.Trim().ShouldBe("Ship it.");
    }

    [Theory]
    [InlineData("/api/v2/actions?status=weird")]
    [InlineData("/api/v2/actions?limit=0")]
    public async Task List_BadQuery_Is400Problem(string url) =>
        await (await _client.GetAsync(url, Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

    [Fact]
    public async Task Get_UnknownAction_Is404Problem() =>
        await (await _client.GetAsync("/api/v2/actions/act_nope", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

    async Task<ActionView> WaitFinishedAsync(string id)
    {
        for (var i = 0; i < 400; i++)
        {
            var action = await (await _client.GetAsync($"/api/v2/actions/{id}", Token)).ReadAsync<ActionView>();
            if (action.Status.IsFinished())
            {
                return action;
            }

            await Task.Delay(25, Token);
        }

        throw new TimeoutException($"Action {id} did not finish.");
    }

    async Task WaitStatusAsync(string id, ActionStatus status)
    {
        for (var i = 0; i < 400; i++)
        {
            if ((await (await _client.GetAsync($"/api/v2/actions/{id}", Token)).ReadAsync<ActionView>()).Status == status)
            {
                return;
            }

            await Task.Delay(25, Token);
        }

        throw new TimeoutException($"Action {id} never reached {status}.");
    }

    static async Task<List<JsonElement>> ReadAllAsync(WebSocket socket)
    {
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
                return events;
            }

            events.Add(JsonDocument.Parse(message.ToArray()).RootElement.Clone());
        }
    }
}
