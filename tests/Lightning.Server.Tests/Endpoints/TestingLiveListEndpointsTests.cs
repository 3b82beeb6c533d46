using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Testing;
using Lightning.Testing.History;
using Lightning.Testing.Results;
using Lightning.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Server.Tests.Endpoints;

/// <summary><c>GET /api/v2/testing/runs/ws</c>, the live runs list, on the real server with the real pytest runner.</summary>
public sealed class TestingLiveListEndpointsTests : IAsyncLifetime
{
    const string CalcTests = """
        import pytest

        def test_add():
            assert 1 + 1 == 2

        def test_sub():
            assert 3 - 1 == 2

        @pytest.mark.skip(reason="not today")
        def test_mul():
            pass
        """;

    const string Report = """
        <testsuites><testsuite name="ci" tests="1"><testcase classname="test_calc" name="test_add" time="0.010"/></testsuite></testsuites>
        """;

    readonly TempDirectory _workspace = new();
    LightningAppFactory _app = null!;
    HttpClient _admin = null!;
    string _viewerKey = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = new LightningAppFactory(new Dictionary<string, string?> { ["Lightning:Testing:Runs:WorkspaceRoot"] = _workspace.Path });
        _admin = _app.CreateClient();
        _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _app.CreateKeyAsync(ApiKeyRole.Admin, Token));
        _viewerKey = await _app.CreateKeyAsync(ApiKeyRole.Viewer, Token);
        var shop = Path.Combine(_workspace.Path, "shop");
        Directory.CreateDirectory(shop);
        await File.WriteAllTextAsync(Path.Combine(shop, "pytest.ini"), "[pytest]\n", Token);
        await File.WriteAllTextAsync(Path.Combine(shop, "test_calc.py"), CalcTests, Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _workspace.Dispose();
    }

    [Fact]
    public async Task Stream_RunStartedAfterConnecting_AppearsGoesRunningAndFinishesWithItsTotals()
    {
        var earlier = await ImportAsync("shop");
        using var all = await ConnectAsync("repository=shop");
        using var running = await ConnectAsync("status=running");
        using var other = await ConnectAsync("repository=other");
        var firstPage = await ReceiveAsync(all, Token);
        var runningPage = await ReceiveAsync(running, Token);
        var otherPage = await ReceiveAsync(other, Token);

        var run = await (await _admin.PostJsonAsync("/api/v2/testing/runs", new StartTestRunRequest("shop"))).ReadAsync<TestRunView>();
        var changes = await ReadUntilAsync(all, run.Id, "finished");
        var runningChanges = await ReadUntilAsync(running, run.Id, "finished");
        var imported = await ImportAsync("other");
        var otherChange = await ReceiveAsync(other, Token);

        firstPage.GetProperty("type").GetString().ShouldBe("runs");
        firstPage.GetProperty("data").GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ShouldBe([earlier]);
        runningPage.GetProperty("data").GetProperty("items").GetArrayLength().ShouldBe(0);
        otherPage.GetProperty("data").GetProperty("items").GetArrayLength().ShouldBe(0);
        var types = changes.Select(c => c.GetProperty("type").GetString()).ToList();
        types[0].ShouldBe("created");
        types[1].ShouldBe("started");
        types[^1].ShouldBe("finished");
        types.Skip(2).SkipLast(1).ShouldAllBe(t => t == "progress");
        changes.ShouldAllBe(c => c.GetProperty("at").ValueKind == JsonValueKind.String);
        Status(changes[0]).ShouldBe("queued");
        Status(changes[1]).ShouldBe("running");
        var finished = changes[^1].GetProperty("data");
        finished.GetProperty("id").GetString().ShouldBe(run.Id);
        Status(changes[^1]).ShouldBe("passed");
        var totals = finished.GetProperty("totals");
        (totals.GetProperty("total").GetInt32(), totals.GetProperty("passed").GetInt32(), totals.GetProperty("skipped").GetInt32()).ShouldBe((3, 2, 1));
        // Progress never goes backwards and never counts a case twice.
        var counts = changes.Skip(2).SkipLast(1).Select(c => c.GetProperty("data").GetProperty("totals").GetProperty("total").GetInt32()).ToList();
        counts.ShouldBe(counts.Order());
        counts.ShouldAllBe(n => n >= 1 && n <= 3);
        // A status filter hears the run enter it and the change that takes it out, not the queued one.
        runningChanges.Select(c => c.GetProperty("type").GetString()).First().ShouldBe("started");
        Status(runningChanges[^1]).ShouldBe("passed");
        // The run of "shop" never reached the "other" socket: its first change is the import there.
        otherChange.GetProperty("type").GetString().ShouldBe("finished");
        otherChange.GetProperty("data").GetProperty("id").GetString().ShouldBe(imported);
        otherChange.GetProperty("data").GetProperty("repository").GetString().ShouldBe("other");
    }

    [Fact]
    public async Task Stream_ByFramework_SendsOnlyRunsOfThatFramework()
    {
        using var go = await ConnectAsync("framework=go");
        using var pytest = await ConnectAsync("framework=pytest");
        await ReceiveAsync(go, Token);
        await ReceiveAsync(pytest, Token);

        var run = await (await _admin.PostJsonAsync("/api/v2/testing/runs", new StartTestRunRequest("shop"))).ReadAsync<TestRunView>();
        var changes = await ReadUntilAsync(pytest, run.Id, "finished");
        var imported = await ImportAsync("shop", "go");
        var goChange = await ReceiveAsync(go, Token);

        // No framework was asked for: the run joins the pytest list once detection found a pytest project.
        Status(changes[^1]).ShouldBe("passed");
        goChange.GetProperty("data").GetProperty("id").GetString().ShouldBe(imported);
    }

    [Fact]
    public async Task Stream_AuthAndBadRequests_ViewerConnectsNoKeyAndPlainHttpAreRefused()
    {
        using var viewer = await _app.Server.CreateWebSocketClient()
            .ConnectAsync(new Uri(_app.Server.BaseAddress, $"api/v2/testing/runs/ws?access_token={_viewerKey}"), Token);
        (await ReceiveAsync(viewer, Token)).GetProperty("type").GetString().ShouldBe("runs");

        await Should.ThrowAsync<Exception>(() => _app.Server.CreateWebSocketClient().ConnectAsync(new Uri(_app.Server.BaseAddress, "api/v2/testing/runs/ws"), Token));
        await (await _admin.GetAsync("/api/v2/testing/runs/ws", Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var client = _app.Server.CreateWebSocketClient();
        client.ConfigureRequest = request => request.Headers.Authorization = $"Bearer {_viewerKey}";
        await Should.ThrowAsync<Exception>(() => client.ConnectAsync(new Uri(_app.Server.BaseAddress, "api/v2/testing/runs/ws?status=great"), Token));
    }

    [Fact]
    public async Task Stream_ClientThatFallsBehind_IsClosedAsTooSlowWhilePublishingNeverWaits()
    {
        using var socket = await ConnectAsync(string.Empty);
        await ReceiveAsync(socket, Token);
        var changes = _app.Services.GetRequiredService<TestRunChanges>();
        var view = new TestRunView("trun_slow", "shop", null, "pytest", [], 0, null, "api", "test", null, null, TestRunStatus.Running,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, TestTotals.Empty, null);

        // Far more than a subscriber's buffer, published at once: the socket cannot send them as fast.
        var publishing = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 20 * TestRunChanges.DefaultCapacity; i++)
        {
            changes.Publish(new TestRunChange(TestRunChangeTypes.Progress, DateTimeOffset.UnixEpoch, view.Id, view, ["pytest"]));
        }

        publishing.Stop();
        var received = 0;
        var buffer = new byte[64 * 1024];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            received += result.EndOfMessage ? 1 : 0;
        }

        socket.CloseStatus.ShouldBe(WebSocketCloseStatus.PolicyViolation);
        socket.CloseStatusDescription!.ShouldStartWith("too slow");
        received.ShouldBeLessThan(20 * TestRunChanges.DefaultCapacity);
        publishing.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        changes.SubscriberCount.ShouldBe(0);
    }

    [Fact]
    public async Task Stream_CancelRequested_IsSentAtOnceWithWhoAndWhenBeforeTheRunIsRecordedCancelled()
    {
        // A test that hangs (after writing its pid), so the run is running when the cancel comes.
        var pidFile = Path.Combine(_workspace.Path, "hanging.pid");
        var slow = Path.Combine(_workspace.Path, "slow");
        Directory.CreateDirectory(slow);
        await File.WriteAllTextAsync(Path.Combine(slow, "pytest.ini"), "[pytest]\n", Token);
        await File.WriteAllTextAsync(Path.Combine(slow, "test_hang.py"),
            $"import os, time\n\ndef test_hang():\n    with open({JsonSerializer.Serialize(pidFile)}, 'w') as f:\n        f.write(str(os.getpid()))\n    time.sleep(120)\n", Token);
        using var socket = await ConnectAsync("repository=slow");
        await ReceiveAsync(socket, Token);
        var run = await (await _admin.PostJsonAsync("/api/v2/testing/runs", new StartTestRunRequest("slow"))).ReadAsync<TestRunView>();
        await ReadUntilAsync(socket, run.Id, "started");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(pidFile))
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the test never started");
            await Task.Delay(100, Token);
        }

        var before = DateTimeOffset.UtcNow;
        // The cancel answers once the run is recorded; the list hears of the request before that.
        var cancelling = _admin.PostAsync($"/api/v2/testing/runs/{run.Id}/cancel", null, Token);
        var changes = await ReadUntilAsync(socket, run.Id, "cancelled");
        (await cancelling).StatusCode.ShouldBe(HttpStatusCode.OK);

        var types = changes.Select(c => c.GetProperty("type").GetString()).ToList();
        var requested = types.IndexOf("cancel-requested");
        requested.ShouldBeGreaterThanOrEqualTo(0, string.Join(", ", types));
        types.Count(t => t == "cancel-requested").ShouldBe(1);
        requested.ShouldBeLessThan(types.Count - 1);
        var request = changes[requested];
        Status(request).ShouldBe("running");
        var data = request.GetProperty("data");
        data.GetProperty("cancelRequestedBy").GetString().ShouldNotBeNullOrWhiteSpace();
        var at = data.GetProperty("cancelRequestedAt").GetDateTimeOffset();
        at.ShouldBeGreaterThanOrEqualTo(before.AddSeconds(-1));
        request.GetProperty("at").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(at);
        // Changes after the request keep who asked, until the run is recorded as cancelled.
        changes.Skip(requested).SkipLast(1).ShouldAllBe(c => c.GetProperty("data").GetProperty("cancelRequestedBy").GetString() == data.GetProperty("cancelRequestedBy").GetString());
        Status(changes[^1]).ShouldBe("cancelled");
        changes[^1].GetProperty("data").GetProperty("cancelRequestedBy").ValueKind.ShouldBe(JsonValueKind.Null);
        // The list read afterwards says it plainly: cancelled.
        var listed = await (await _admin.GetAsync("/api/v2/testing/runs?repository=slow", Token)).ReadAsync<TestRunPage>();
        listed.Items.ShouldHaveSingleItem().Status.ShouldBe(TestRunStatus.Cancelled);
    }

    static string? Status(JsonElement change) => change.GetProperty("data").GetProperty("status").GetString();

    async Task<string> ImportAsync(string repository, string? framework = null)
    {
        using var content = new StringContent(Report, Encoding.UTF8, "application/xml");
        var query = $"/api/v2/testing/runs/import?repository={repository}&file=results.xml" + (framework is null ? string.Empty : $"&framework={framework}");
        var response = await _admin.PostAsync(query, content, Token);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await response.ReadAsync<TestRunView>()).Id;
    }

    async Task<WebSocket> ConnectAsync(string query)
    {
        var client = _app.Server.CreateWebSocketClient();
        client.ConfigureRequest = request => request.Headers.Authorization = $"Bearer {_viewerKey}";
        return await client.ConnectAsync(new Uri(_app.Server.BaseAddress, $"api/v2/testing/runs/ws?{query}"), Token);
    }

    /// <summary>Changes of run <paramref name="id"/> until one of <paramref name="type"/>; changes of other runs are skipped.</summary>
    static async Task<List<JsonElement>> ReadUntilAsync(WebSocket socket, string id, string type)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var changes = new List<JsonElement>();
        while (true)
        {
            var change = await ReceiveAsync(socket, timeout.Token);
            if (change.GetProperty("data").TryGetProperty("id", out var changed) && changed.GetString() == id)
            {
                changes.Add(change);
                if (change.GetProperty("type").GetString() == type)
                {
                    return changes;
                }
            }
        }
    }

    static async Task<JsonElement> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        result.MessageType.ShouldBe(WebSocketMessageType.Text, $"closed: {socket.CloseStatusDescription}");
        return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
    }
}
