using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Lightning.Git.Registry;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Testing;
using Lightning.Testing.History;
using Lightning.Testing.Results;
using Lightning.Testing.Runners;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints;

/// <summary>
/// <c>/api/v2/testing</c> on the real server with the real test runner: a pytest fixture in the testing workspace
/// (admins name it by path) or in a registered repository (operators name it).
/// </summary>
public sealed class TestingEndpointsTests : IAsyncLifetime
{
    const string CalcTests = """
        import pytest

        def test_add():
            assert 1 + 1 == 2

        def test_sub():
            print("subtracting")
            assert 3 - 1 == 1, "three minus one"

        @pytest.mark.skip(reason="not today")
        def test_mul():
            pass
        """;

    const string Report = """
        <testsuites><testsuite name="ci" tests="2">
          <testcase classname="test_calc" name="test_add" time="0.010"/>
          <testcase classname="test_calc" name="test_sub" time="0.250"><failure message="assert 2 == 1">trace</failure></testcase>
        </testsuite></testsuites>
        """;

    readonly TempDirectory _workspace = new();
    readonly List<GitTestRepository> _repositories = [];
    LightningAppFactory _app = null!;
    HttpClient _admin = null!;
    HttpClient _operator = null!;
    HttpClient _viewer = null!;
    string _adminKey = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = new LightningAppFactory(new Dictionary<string, string?>
        {
            ["Lightning:Testing:Runs:WorkspaceRoot"] = _workspace.Path,
            ["Lightning:Testing:Runs:MaxReportBytes"] = "4096",
        });
        _adminKey = await _app.CreateKeyAsync(ApiKeyRole.Admin, Token);
        _admin = _app.CreateClient();
        _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _adminKey);
        _operator = await _app.CreateClientAsync(ApiKeyRole.Operator, Token);
        _viewer = await _app.CreateClientAsync(ApiKeyRole.Viewer, Token);
        WriteFixture(Path.Combine(_workspace.Path, "shop"), CalcTests);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _workspace.Dispose();
        foreach (var repository in _repositories)
        {
            repository.Dispose();
        }
    }

    [Fact]
    public async Task Runs_PytestFixture_StreamsLiveEventsOverTheWebSocketAndStoresTheResults()
    {
        var response = await _admin.PostJsonAsync("/api/v2/testing/runs", new StartTestRunRequest("shop"));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var run = await response.ReadAsync<TestRunView>();
        response.Headers.Location!.ToString().ShouldBe($"/api/v2/testing/runs/{run.Id}");

        var events = await WatchAsync(run.Id);
        var details = await (await _viewer.GetAsync($"/api/v2/testing/runs/{run.Id}", Token)).ReadAsync<TestRunDetails>();
        var page = await (await _viewer.GetAsync($"/api/v2/testing/runs/{run.Id}/events?after=2&limit=3", Token)).ReadAsync<JsonElement>();

        events.Select(e => e.GetProperty("sequence").GetInt64()).ShouldBe(Enumerable.Range(1, events.Count).Select(i => (long)i));
        events[0].GetProperty("type").GetString().ShouldBe("queued");
        events[^1].GetProperty("type").GetString().ShouldBe("finished");
        events[^1].GetProperty("data").GetProperty("status").GetString().ShouldBe("failed");
        events.ShouldAllBe(e => e.GetProperty("at").ValueKind == JsonValueKind.String);
        var live = events.Where(e => e.GetProperty("type").GetString() is "passed" or "failed" or "skipped")
            .Select(e => e.GetProperty("data").GetProperty("outcome").GetString()).Order().ToList();
        live.ShouldBe(["failed", "passed", "skipped"]);
        details.Run.Status.ShouldBe(TestRunStatus.Failed);
        details.Run.Repository.ShouldBe("shop");
        details.Run.RequestedBy.ShouldBe("test-admin");
        details.Results.Select(r => (r.Id, r.Outcome)).Order().ShouldBe(
            [("test_calc::test_add", TestOutcome.Passed), ("test_calc::test_mul", TestOutcome.Skipped), ("test_calc::test_sub", TestOutcome.Failed)]);
        page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()).ShouldBe([3L, 4L, 5L]);
        page.GetProperty("next").GetInt64().ShouldBe(5);
    }

    [Fact]
    public async Task Runs_AfterARun_HistoryListsExportsAndTellsEachTestsStory()
    {
        var run = await RunToEndAsync(_admin, new StartTestRunRequest("shop"));

        var list = await (await _viewer.GetAsync("/api/v2/testing/runs?repository=shop&framework=pytest&status=failed", Token)).ReadAsync<TestRunPage>();
        var none = await (await _viewer.GetAsync("/api/v2/testing/runs?framework=go", Token)).ReadAsync<TestRunPage>();
        var junit = await _viewer.GetAsync($"/api/v2/testing/runs/{run.Id}/export?format=junit", Token);
        var trx = await _viewer.GetAsync($"/api/v2/testing/runs/{run.Id}/export?format=trx", Token);
        var json = await _viewer.GetAsync($"/api/v2/testing/runs/{run.Id}/export?format=json", Token);
        var history = await (await _viewer.GetAsync("/api/v2/testing/tests/history?id=test_calc::test_sub&repository=shop", Token)).ReadAsync<TestCaseHistory>();
        var slowest = await (await _viewer.GetAsync("/api/v2/testing/tests/slowest?repository=shop", Token)).ReadAsync<List<TestTiming>>();
        var failing = await (await _viewer.GetAsync("/api/v2/testing/tests/failing?repository=shop", Token)).ReadAsync<List<TestFailureCount>>();

        list.Items.ShouldHaveSingleItem().Id.ShouldBe(run.Id);
        none.Items.ShouldBeEmpty();
        junit.Content.Headers.ContentType!.MediaType.ShouldBe("application/xml");
        junit.Content.Headers.ContentDisposition!.FileName.ShouldBe($"{run.Id}.xml");
        XDocument.Parse(await junit.Content.ReadAsStringAsync(Token)).Descendants("testcase").Count().ShouldBe(3);
        XDocument.Parse(await trx.Content.ReadAsStringAsync(Token)).Root!.Name.LocalName.ShouldBe("TestRun");
        json.Content.Headers.ContentType!.MediaType.ShouldBe("application/x-ndjson");
        (await json.Content.ReadAsStringAsync(Token)).Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].ShouldContain("\"type\":\"run-started\"");
        history.Entries.ShouldHaveSingleItem().Outcome.ShouldBe(TestOutcome.Failed);
        history.Entries[0].FailureMessage.ShouldNotBeNull().ShouldContain("three minus one");
        slowest.Select(t => t.Id).ShouldBe(["test_calc::test_add", "test_calc::test_sub"], ignoreOrder: true);
        failing.ShouldHaveSingleItem().Id.ShouldBe("test_calc::test_sub");
    }

    [Fact]
    public async Task Runs_RegisteredRepositoryAsOperator_RunsAndRecordsTheCommit()
    {
        var repository = GitTestRepository.Create();
        _repositories.Add(repository);
        WriteFixture(repository.Path, "def test_ok():\n    assert True\n");
        var head = repository.Commit("test: calc");
        (await _admin.PostJsonAsync("/api/v2/git/repositories", new RepositoryRegistration("calc", Path: repository.Path))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var detected = await (await _operator.PostJsonAsync("/api/v2/testing/detect", new DetectTestsRequest("calc"))).ReadAsync<JsonElement>();
        var run = await RunToEndAsync(_operator, new StartTestRunRequest("calc", Retries: 1, TimeoutSeconds: 120));

        detected.GetProperty("report").GetProperty("projects")[0].GetProperty("framework").GetString().ShouldBe("pytest");
        detected.GetProperty("toolchains")[0].GetProperty("ready").GetBoolean().ShouldBeTrue();
        run.Status.ShouldBe(TestRunStatus.Passed, run.Error);
        run.Repository.ShouldBe("calc");
        run.CommitSha.ShouldBe(head);
        run.Branch.ShouldBe("main");
        (run.Retries, run.TimeoutSeconds).ShouldBe((1, 120));
    }

    [Fact]
    public async Task Runs_Cancel_KillsTheTestsAndRecordsTheRunCancelled()
    {
        WriteFixture(Path.Combine(_workspace.Path, "slow"), "import time\n\ndef test_waits():\n    time.sleep(120)\n");
        var run = await (await _admin.PostJsonAsync("/api/v2/testing/runs", new StartTestRunRequest("slow"))).ReadAsync<TestRunView>();
        using var socket = await ConnectAsync(run.Id);
        await ReadUntilAsync(socket, "case-started");

        var cancelled = await (await _operator.PostAsync($"/api/v2/testing/runs/{run.Id}/cancel", null, Token)).ReadAsync<TestRunView>();
        var again = await _operator.PostAsync($"/api/v2/testing/runs/{run.Id}/cancel", null, Token);

        cancelled.Status.ShouldBe(TestRunStatus.Cancelled);
        cancelled.Error.ShouldBe("Cancelled by test-operator.");
        (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("testing.run_finished");
    }

    [Fact]
    public async Task Runs_JUnitSmartOrder_TheSecondRunStartsWithTheLastFailureAndItsMessageExplainsTheOrder()
    {
        TestProjects.JUnitTwoClasses(Path.Combine(_workspace.Path, "calc"));

        var first = await RunEventsAsync(new StartTestRunRequest("calc"));
        var second = await RunEventsAsync(new StartTestRunRequest("calc", Order: "smart"));

        // Jupiter's own order puts AlphaTest first; the smart order starts with the test that failed.
        var before = Started(first);
        before[0].ShouldStartWith("com.example.AlphaTest::");
        before.ShouldContain(TestProjects.JUnitFailingTest);
        var after = Started(second);
        after[0].ShouldBe(TestProjects.JUnitFailingTest);
        after.Order(StringComparer.Ordinal).ShouldBe(before.Order(StringComparer.Ordinal));
        second[^1].GetProperty("data").GetProperty("status").GetString().ShouldBe("failed");
        var messages = second.Where(e => e.GetProperty("type").GetString() == "run-finished")
            .SelectMany(e => e.GetProperty("data").GetProperty("messages").EnumerateArray()).Select(m => m.GetProperty("text").GetString()!).ToList();
        messages.ShouldContain(text => text.StartsWith(
            "Smart order (tests, each class at its first test's place (a class's own @TestMethodOrder kept), by recent failure, failure rate, then speed; unlisted ones after): "
            + TestProjects.JUnitFailingTest, StringComparison.Ordinal), string.Join(" | ", messages));
        first.Where(e => e.GetProperty("type").GetString() == "run-finished")
            .SelectMany(e => e.GetProperty("data").GetProperty("messages").EnumerateArray())
            .ShouldNotContain(m => m.GetProperty("text").GetString()!.StartsWith("Smart order", StringComparison.Ordinal));

        static List<string> Started(List<JsonElement> events) =>
            [.. events.Where(e => e.GetProperty("type").GetString() == "case-started").Select(e => e.GetProperty("data").GetProperty("id").GetString()!)];
    }

    [Fact]
    public async Task Runs_BadInput_AreProblemDetails()
    {
        async Task<JsonElement> ProblemAsync(HttpClient client, object body, HttpStatusCode status) =>
            await (await client.PostJsonAsync("/api/v2/testing/runs", body)).ShouldBeProblemAsync(status);

        var unknown = await ProblemAsync(_admin, new StartTestRunRequest("shop", Framework: "karma"), HttpStatusCode.BadRequest);
        var outside = await ProblemAsync(_admin, new StartTestRunRequest("../elsewhere"), HttpStatusCode.BadRequest);
        var operatorPath = await ProblemAsync(_operator, new StartTestRunRequest("shop/tests"), HttpStatusCode.BadRequest);
        var unregistered = await ProblemAsync(_operator, new StartTestRunRequest("shop"), HttpStatusCode.NotFound);
        var retries = await ProblemAsync(_admin, new StartTestRunRequest("shop", Retries: 50), HttpStatusCode.BadRequest);
        var missing = await ProblemAsync(_admin, new StartTestRunRequest(null), HttpStatusCode.BadRequest);
        var shards = await ProblemAsync(_admin, new StartTestRunRequest("shop", Shards: 0), HttpStatusCode.BadRequest);
        var order = await ProblemAsync(_admin, new StartTestRunRequest("shop", Order: "random"), HttpStatusCode.BadRequest);
        var viewer = await _viewer.PostJsonAsync("/api/v2/testing/runs", new StartTestRunRequest("shop"));

        unknown.GetProperty("code").GetString().ShouldBe("testing.unknown_framework");
        unknown.GetProperty("detail").GetString()!.ShouldContain("Known frameworks: pytest, jest");
        outside.GetProperty("code").GetString().ShouldBe("workspace.path_rejected");
        operatorPath.GetProperty("code").GetString().ShouldBe("testing.path_needs_admin");
        unregistered.GetProperty("code").GetString().ShouldBe("git.repository_not_found");
        retries.GetProperty("errors").GetProperty("retries").GetArrayLength().ShouldBe(1);
        missing.GetProperty("errors").GetProperty("repository").GetArrayLength().ShouldBe(1);
        shards.GetProperty("errors").GetProperty("shards")[0].GetString().ShouldBe("Shards must be between 1 and 256.");
        order.GetProperty("errors").GetProperty("order")[0].GetString()!.ShouldStartWith("The order is 'smart'");
        viewer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await _viewer.GetAsync("/api/v2/testing/runs", Token)).ReadAsync<TestRunPage>()).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task Runs_CustomCommand_RunsAsGivenAndReadsTheReportItWrites()
    {
        var directory = Path.Combine(_workspace.Path, "legacy", "suite");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.xml.in"), Report, Token);
        // The user's own test command: writes a JUnit report into out/ and exits non-zero, as a failing suite does.
        await File.WriteAllTextAsync(Path.Combine(directory, "check.py"), """
            import os, sys
            os.makedirs("out", exist_ok=True)
            open("out/results.xml", "w").write(open("report.xml.in").read())
            print("checked " + " ".join(sys.argv[1:]))
            sys.exit(1)
            """, Token);

        var run = await RunToEndAsync(_admin, new StartTestRunRequest("legacy",
            Custom: new CustomTestCommand { Command = ["python3", "check.py", "--fast"], Directory = "suite", Reports = ["out/*.xml"], Name = "legacy checks" }));
        var details = await (await _viewer.GetAsync($"/api/v2/testing/runs/{run.Id}", Token)).ReadAsync<TestRunDetails>();

        run.Status.ShouldBe(TestRunStatus.Failed, run.Error);
        run.Totals.Total.ShouldBe(2);
        details.Projects.ShouldHaveSingleItem().Framework.ShouldBe("custom");
        details.Results.Select(r => (r.Id, r.Outcome)).Order().ShouldBe([("test_calc::test_add", TestOutcome.Passed), ("test_calc::test_sub", TestOutcome.Failed)]);
    }

    [Fact]
    public async Task Runs_CustomCommand_BadInput_AreProblemDetailsNamingTheField()
    {
        async Task<JsonElement> ProblemAsync(StartTestRunRequest body, HttpStatusCode status) =>
            await (await _admin.PostJsonAsync("/api/v2/testing/runs", body)).ShouldBeProblemAsync(status);
        var custom = new CustomTestCommand { Command = ["python3", "-m", "pytest"] };

        var empty = await ProblemAsync(new StartTestRunRequest("shop", Custom: custom with { Command = [] }), HttpStatusCode.BadRequest);
        var outside = await ProblemAsync(new StartTestRunRequest("shop", Custom: custom with { Directory = "../.." }), HttpStatusCode.BadRequest);
        var glob = await ProblemAsync(new StartTestRunRequest("shop", Custom: custom with { Reports = ["../secrets/*.xml"] }), HttpStatusCode.BadRequest);
        var framework = await ProblemAsync(new StartTestRunRequest("shop", Framework: "pytest", Custom: custom), HttpStatusCode.BadRequest);
        var shards = await ProblemAsync(new StartTestRunRequest("shop", Shards: 2, Custom: custom), HttpStatusCode.BadRequest);
        var viewer = await _viewer.PostJsonAsync("/api/v2/testing/runs", new StartTestRunRequest("shop", Custom: custom));

        empty.GetProperty("errors").GetProperty("custom.command").GetArrayLength().ShouldBe(1);
        outside.GetProperty("code").GetString().ShouldBe("workspace.path_rejected");
        glob.GetProperty("errors").GetProperty("custom.reports")[0].GetString()!.ShouldContain("without '..'");
        framework.GetProperty("errors").GetProperty("custom")[0].GetString()!.ShouldContain("leave project and framework out");
        shards.GetProperty("errors").GetProperty("shards")[0].GetString()!.ShouldContain("cannot be split into shards");
        viewer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Import_Report_IsRecordedWithItsCommit()
    {
        using var content = new StringContent(Report, Encoding.UTF8, "application/xml");
        var response = await _operator.PostAsync("/api/v2/testing/runs/import?repository=shop&file=ci/results.xml&commit=ABC1234&branch=main", content, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var run = await response.ReadAsync<TestRunView>();
        (run.Status, run.Trigger, run.CommitSha, run.Branch).ShouldBe((TestRunStatus.Failed, "import", "abc1234", "main"));
        run.Totals.Total.ShouldBe(2);
        var details = await (await _viewer.GetAsync($"/api/v2/testing/runs/{run.Id}?outcome=failed", Token)).ReadAsync<TestRunDetails>();
        details.Results.ShouldHaveSingleItem().FailureMessage.ShouldBe("assert 2 == 1");
    }

    [Fact]
    public async Task Import_MalformedOrTooLarge_AreProblemDetailsNamingTheFileAndLine()
    {
        using var malformed = new StringContent("<testsuites>\n<testsuite name=\"a\">\n<testcase time=\"1\"/>\n</testsuite></testsuites>");
        using var unknown = new StringContent("hello, world\n");
        using var large = new StringContent(new string('x', 5000));

        var bad = await (await _operator.PostAsync("/api/v2/testing/runs/import?repository=shop&file=results.xml", malformed, Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var notAReport = await (await _operator.PostAsync("/api/v2/testing/runs/import?repository=shop&file=notes.txt", unknown, Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var tooLarge = await (await _operator.PostAsync("/api/v2/testing/runs/import?repository=shop", large, Token)).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        bad.GetProperty("detail").GetString().ShouldBe("results.xml:3: A <testcase> has no name attribute.");
        bad.GetProperty("code").GetString().ShouldBe("testing.report_malformed");
        notAReport.GetProperty("code").GetString().ShouldBe("testing.report_unknown_format");
        tooLarge.GetProperty("detail").GetString()!.ShouldContain("4096 bytes");
        (await (await _viewer.GetAsync("/api/v2/testing/runs", Token)).ReadAsync<TestRunPage>()).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task Import_NamedFormat_IsReadWithThatParserAndAMismatchOrUnknownNameIsRefused()
    {
        const string Tap = "TAP version 13\n1..2\nok 1 - adds\nnot ok 2 - divides\n";
        using var tap = new StringContent(Tap);
        using var junitAsTap = new StringContent(Report, Encoding.UTF8, "application/xml");
        using var unnamed = new StringContent(Tap);

        var imported = await (await _operator.PostAsync("/api/v2/testing/runs/import?repository=shop&file=suite.tap&format=tap", tap, Token)).ReadAsync<TestRunView>();
        var mismatch = await (await _operator.PostAsync("/api/v2/testing/runs/import?repository=shop&file=results.xml&format=tap", junitAsTap, Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var unknown = await (await _operator.PostAsync("/api/v2/testing/runs/import?repository=shop&format=yaml", unnamed, Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        (imported.Status, imported.Totals.Passed, imported.Totals.Failed).ShouldBe((TestRunStatus.Failed, 1, 1));
        mismatch.GetProperty("detail").GetString().ShouldBe("results.xml: given as tap, but the file is junit.");
        mismatch.GetProperty("code").GetString().ShouldBe("testing.report_format_mismatch");
        unknown.GetProperty("errors").GetProperty("format")[0].GetString()!.ShouldStartWith("Unknown report format 'yaml'");
        (await (await _viewer.GetAsync("/api/v2/testing/runs", Token)).ReadAsync<TestRunPage>()).Items.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task UnknownRunsAndBadQueries_AreProblemDetails()
    {
        (await _viewer.GetAsync("/api/v2/testing/runs/trun_nope", Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _viewer.GetAsync("/api/v2/testing/runs/trun_nope/events", Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await _viewer.GetAsync("/api/v2/testing/runs/trun_nope/export", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound))
            .GetProperty("code").GetString().ShouldBe("testing.run_not_found");
        (await (await _operator.PostAsync("/api/v2/testing/runs/trun_nope/cancel", null, Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound))
            .GetProperty("code").GetString().ShouldBe("testing.run_not_found");
        (await (await _viewer.GetAsync("/api/v2/testing/runs/trun_nope/export?format=pdf", Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .GetProperty("errors").GetProperty("format")[0].GetString().ShouldBe("Unknown export format 'pdf': use junit, trx or json.");
        await (await _viewer.GetAsync("/api/v2/testing/runs?status=great", Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await _viewer.GetAsync("/api/v2/testing/runs?framework=karma", Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await _viewer.GetAsync("/api/v2/testing/tests/history", Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await _viewer.GetAsync("/api/v2/testing/runs/trun_nope/ws", Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var socketClient = _app.Server.CreateWebSocketClient();
        socketClient.ConfigureRequest = request => request.Headers.Authorization = $"Bearer {_adminKey}";
        await Should.ThrowAsync<Exception>(() => socketClient.ConnectAsync(new Uri(_app.Server.BaseAddress, "api/v2/testing/runs/trun_nope/ws"), Token));
    }

    static void WriteFixture(string directory, string tests)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "pytest.ini"), "[pytest]\n");
        File.WriteAllText(Path.Combine(directory, "test_calc.py"), tests);
    }

    async Task<TestRunView> RunToEndAsync(HttpClient client, StartTestRunRequest request)
    {
        var run = await (await client.PostJsonAsync("/api/v2/testing/runs", request)).ReadAsync<TestRunView>();
        await WatchAsync(run.Id);
        return await (await _viewer.GetAsync($"/api/v2/testing/runs/{run.Id}", Token)).ReadAsync<TestRunDetails>() is { } details ? details.Run : run;
    }

    /// <summary>Starts a run as the admin and follows its stream to the end.</summary>
    async Task<List<JsonElement>> RunEventsAsync(StartTestRunRequest request)
    {
        var response = await _admin.PostJsonAsync("/api/v2/testing/runs", request);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        return await WatchAsync((await response.ReadAsync<TestRunView>()).Id);
    }

    async Task<WebSocket> ConnectAsync(string id)
    {
        var socketClient = _app.Server.CreateWebSocketClient();
        socketClient.ConfigureRequest = request => request.Headers.Authorization = $"Bearer {_adminKey}";
        return await socketClient.ConnectAsync(new Uri(_app.Server.BaseAddress, $"api/v2/testing/runs/{id}/ws"), Token);
    }

    async Task<List<JsonElement>> WatchAsync(string id)
    {
        using var socket = await ConnectAsync(id);
        return await ReadUntilAsync(socket, null);
    }

    /// <summary>Messages until one of <paramref name="type"/> (or the close, for null).</summary>
    static async Task<List<JsonElement>> ReadUntilAsync(WebSocket socket, string? type)
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

            var element = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
            events.Add(element);
            if (type is not null && element.GetProperty("type").GetString() == type)
            {
                return events;
            }
        }
    }
}
