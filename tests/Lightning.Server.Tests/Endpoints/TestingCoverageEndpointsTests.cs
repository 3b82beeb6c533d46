using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Xml.Linq;
using Lightning.Git.Registry;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Testing;
using Lightning.Testing.Coverage;
using Lightning.Testing.History;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints;

/// <summary>
/// Coverage routes of <c>/api/v2/testing</c> on the real server with the real runner and coverage.py: a pytest project
/// in a registered git repository, run with coverage, then viewed as a tree, a file with its source, reports,
/// suggestions and a trend; bad input as ProblemDetails.
/// </summary>
public sealed class TestingCoverageEndpointsTests : IAsyncLifetime
{
    const string CalcPy = """
        def add(a, b):
            return a + b


        def divide(a, b):
            if b == 0:
                raise ZeroDivisionError("b is zero")
            return a / b


        def clamp(x, low, high):
            if x < low:
                return low
            if x > high:
                return high
            return x


        def unused(x):
            y = x * 2
            return y

        """;

    const string TestCalcPy = """
        from calc import add, divide, clamp


        def test_add():
            assert add(1, 2) == 3


        def test_divide():
            assert divide(6, 3) == 2


        def test_clamp():
            assert clamp(5, 0, 10) == 5
            assert clamp(-1, 0, 10) == 0

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
    public async Task Coverage_RunWithCoverage_ServesTreeFileSourceReportsAndSuggestions()
    {
        var repository = await RegisterAsync("calc");
        var head = repository.Head;

        var run = await RunToEndAsync(new StartTestRunRequest("calc", Coverage: true, Goals: ["calc.py=70"]));
        var details = await (await _viewer.GetAsync($"/api/v2/testing/runs/{run.Id}", Token)).ReadAsync<JsonElement>();
        var coverage = await (await _viewer.GetAsync($"/api/v2/testing/runs/{run.Id}/coverage", Token)).ReadAsync<JsonElement>();

        run.Status.ShouldBe(TestRunStatus.Passed, run.Error);
        var totals = details.GetProperty("coverage").GetProperty("totals");
        (totals.GetProperty("linesCovered").GetInt32(), totals.GetProperty("linesTotal").GetInt32()).ShouldBe((19, 23));
        details.GetProperty("coverage").GetProperty("goals").GetProperty("passed").GetBoolean().ShouldBeTrue();
        coverage.GetProperty("commitSha").GetString().ShouldBe(head);
        var tree = coverage.GetProperty("tree");
        (tree.GetProperty("path").GetString(), tree.GetProperty("kind").GetString()).ShouldBe((".", "directory"));
        tree.GetProperty("children").EnumerateArray().Select(node => (node.GetProperty("name").GetString(), node.GetProperty("kind").GetString()))
            .ShouldBe([("calc.py", "file"), ("test_calc.py", "file")]);
        var calc = tree.GetProperty("children")[0].GetProperty("totals");
        (calc.GetProperty("linesCovered").GetInt32(), calc.GetProperty("linesTotal").GetInt32(), calc.GetProperty("linePercent").GetDouble())
            .ShouldBe((11, 15, 11 * 100.0 / 15));

        // The source view: lines with text from the commit, states and branches.
        var file = await (await _viewer.GetAsync($"/api/v2/testing/runs/{run.Id}/coverage/files/calc.py", Token)).ReadAsync<JsonElement>();
        file.GetProperty("source").GetProperty("origin").GetString().ShouldBe("commit");
        file.GetProperty("source").GetProperty("changedSince").GetBoolean().ShouldBeFalse();
        var lines = file.GetProperty("lines").EnumerateArray().ToList();
        lines.Count.ShouldBe(21);
        Line(lines, 2).ShouldBe(("    return a + b", "covered"));
        Line(lines, 3).ShouldBe(("", "not-code"));
        Line(lines, 6).ShouldBe(("    if b == 0:", "partial"));
        (lines[5].GetProperty("branchesCovered").GetInt32(), lines[5].GetProperty("branchesTotal").GetInt32()).ShouldBe((1, 2));
        Line(lines, 7).ShouldBe(("        raise ZeroDivisionError(\"b is zero\")", "missed"));
        lines[6].GetProperty("hits").GetInt64().ShouldBe(0);
        lines.Where(line => line.GetProperty("state").GetString() == "missed").Select(line => line.GetProperty("number").GetInt32()).ShouldBe([7, 15, 20, 21]);

        // Edited since the run: still shown as it was at the commit, and said so.
        repository.Write("calc.py", "# rewritten\n" + CalcPy);
        var changed = await (await _viewer.GetAsync($"/api/v2/testing/runs/{run.Id}/coverage/files/calc.py", Token)).ReadAsync<JsonElement>();
        changed.GetProperty("source").GetProperty("changedSince").GetBoolean().ShouldBeTrue();
        changed.GetProperty("lines")[1].GetProperty("text").GetString().ShouldBe("    return a + b");

        // Reports: LCOV and Cobertura read back by the platform's own readers to the same totals; JSON; HTML.
        var reader = new CoverageReader();
        foreach (var format in new[] { "lcov", "cobertura", "json" })
        {
            var response = await _viewer.GetAsync($"/api/v2/testing/runs/{run.Id}/coverage/report?format={format}", Token);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var read = await reader.ReadAsync(await response.Content.ReadAsStreamAsync(Token), "report." + format, Token);
            read.File("calc.py").ShouldNotBeNull(format).Totals.LinesCovered.ShouldBe(11, format);
            read.Totals.LinesTotal.ShouldBe(23, format);
            read.Totals.BranchesCovered.ShouldBe(4, format);
        }

        var html = await (await _viewer.GetAsync($"/api/v2/testing/runs/{run.Id}/coverage/report", Token)).Content.ReadAsStringAsync(Token);
        html.ShouldContain("<html", Case.Insensitive);
        html.ShouldContain("calc.py");
        XDocument.Parse(await _viewer.GetStringAsync($"/api/v2/testing/runs/{run.Id}/coverage/report?format=cobertura", Token)).Root!.Name.LocalName.ShouldBe("coverage");

        var suggestions = await (await _viewer.GetAsync($"/api/v2/testing/runs/{run.Id}/coverage/suggestions?limit=2", Token)).ReadAsync<JsonElement>();
        suggestions.GetArrayLength().ShouldBe(2);
        (suggestions[0].GetProperty("path").GetString(), suggestions[0].GetProperty("function").GetString(), suggestions[0].GetProperty("neverCalled").GetBoolean())
            .ShouldBe(("calc.py", "unused", true));
    }

    [Fact]
    public async Task Coverage_GoalMissed_FailsTheRunAndTheCoverageEventSaysWhy()
    {
        await RegisterAsync("goals");

        var started = await (await _operator.PostJsonAsync("/api/v2/testing/runs", new StartTestRunRequest("goals", Coverage: true, Goals: ["calc.py: 90% lines per file"]))).ReadAsync<TestRunView>();
        var events = await WatchAsync(started.Id);
        var run = (await (await _viewer.GetAsync($"/api/v2/testing/runs/{started.Id}", Token)).ReadAsync<TestRunDetails>()).Run;

        run.Status.ShouldBe(TestRunStatus.Failed);
        run.Error.ShouldBe("Coverage goal missed: calc.py: 90% lines per file: 0 of 1 files reach it; below: calc.py 73.3% (11/15).");
        var coverageEvent = events.Single(e => e.GetProperty("type").GetString() == "coverage").GetProperty("data");
        coverageEvent.GetProperty("goals").GetProperty("passed").GetBoolean().ShouldBeFalse();
        events.Select(e => e.GetProperty("type").GetString()).TakeLast(2).ShouldBe(["coverage", "finished"]);
    }

    [Fact]
    public async Task Coverage_TrendOverThreeRuns_GivesEachRunsPercentagesAndCommit()
    {
        var repository = await RegisterAsync("trend", tests: "from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n");
        var commits = new List<string> { repository.Head };
        var first = await RunToEndAsync(new StartTestRunRequest("trend", Coverage: true));
        commits.Add(repository.CommitFile("test_more.py", "from calc import divide\n\n\ndef test_divide():\n    assert divide(6, 3) == 2\n", "test: divide"));
        var second = await RunToEndAsync(new StartTestRunRequest("trend", Coverage: true));
        commits.Add(repository.CommitFile("test_clamp.py", "from calc import clamp\n\n\ndef test_clamp():\n    assert clamp(-1, 0, 10) == 0\n", "test: clamp"));
        var third = await RunToEndAsync(new StartTestRunRequest("trend", Coverage: true));
        await RunToEndAsync(new StartTestRunRequest("trend"));

        var trend = await (await _viewer.GetAsync("/api/v2/testing/coverage/trend?repository=trend", Token)).ReadAsync<JsonElement>();
        var project = await (await _viewer.GetAsync("/api/v2/testing/coverage/trend?repository=trend&project=calc.py&limit=2", Token)).ReadAsync<JsonElement>();

        trend.EnumerateArray().Select(point => (point.GetProperty("runId").GetString(), point.GetProperty("commitSha").GetString()))
            .ShouldBe([(first.Id, commits[0]), (second.Id, commits[1]), (third.Id, commits[2])]);
        var calcLines = project.EnumerateArray().Select(point => point.GetProperty("totals").GetProperty("linesCovered").GetInt32()).ToList();
        calcLines.ShouldBe([7, 9]);
        var percents = trend.EnumerateArray().Select(point => point.GetProperty("totals").GetProperty("branchPercent").GetDouble()).ToList();
        percents.ShouldBeInOrder(SortDirection.Ascending);
        percents[0].ShouldBeLessThan(percents[2]);
    }

    [Fact]
    public async Task Coverage_ImportIntoAnImportedRun_KeepsRelativePathsAndMergesAgain()
    {
        var run = await (await _operator.PostAsync("/api/v2/testing/runs/import?repository=ci-only&file=results.xml",
            new StringContent("<testsuite name=\"ci\" tests=\"1\"><testcase classname=\"t\" name=\"ok\"/></testsuite>"), Token)).ReadAsync<TestRunView>();
        const string lcov = "SF:src/a.js\nDA:1,1\nDA:2,0\nend_of_record\nSF:/usr/lib/node/x.js\nDA:1,1\nend_of_record\n";

        var first = await (await _operator.PostAsync($"/api/v2/testing/runs/{run.Id}/coverage/import?file=lcov.info", new StringContent(lcov), Token)).ReadAsync<JsonElement>();
        var second = await (await _operator.PostAsync($"/api/v2/testing/runs/{run.Id}/coverage/import?file=more.info",
            new StringContent("SF:src/a.js\nDA:2,3\nend_of_record\n"), Token)).ReadAsync<JsonElement>();
        var file = await (await _viewer.GetAsync($"/api/v2/testing/runs/{run.Id}/coverage/files/src/a.js", Token)).ReadAsync<JsonElement>();

        (first.GetProperty("files").GetInt32(), first.GetProperty("totals").GetProperty("linesCovered").GetInt32()).ShouldBe((1, 1));
        second.GetProperty("totals").GetProperty("linesCovered").GetInt32().ShouldBe(2);
        file.GetProperty("source").GetProperty("origin").GetString().ShouldBe("none");
        file.GetProperty("lines").EnumerateArray().Select(line => line.GetProperty("hits").GetInt64()).ShouldBe([1L, 3L]);
    }

    [Fact]
    public async Task Coverage_BadInput_AreProblemDetails()
    {
        await RegisterAsync("bad");
        var plain = await RunToEndAsync(new StartTestRunRequest("bad"));
        var measured = await RunToEndAsync(new StartTestRunRequest("bad", Coverage: true));

        async Task<string?> CodeAsync(HttpResponseMessage response, HttpStatusCode status) =>
            (await response.ShouldBeProblemAsync(status)).TryGetProperty("code", out var code) ? code.GetString() : null;

        (await CodeAsync(await _viewer.GetAsync("/api/v2/testing/runs/trun_missing/coverage", Token), HttpStatusCode.NotFound)).ShouldBe("testing.run_not_found");
        (await CodeAsync(await _viewer.GetAsync($"/api/v2/testing/runs/{plain.Id}/coverage", Token), HttpStatusCode.NotFound)).ShouldBe("testing.coverage_not_found");
        (await CodeAsync(await _viewer.GetAsync($"/api/v2/testing/runs/{measured.Id}/coverage/files/nothing.py", Token), HttpStatusCode.NotFound))
            .ShouldBe("testing.coverage_file_not_found");
        foreach (var escaping in new[] { "a%2F..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "..%5C..%5Cwindows" })
        {
            (await CodeAsync(await _viewer.GetAsync($"/api/v2/testing/runs/{measured.Id}/coverage/files/{escaping}", Token), HttpStatusCode.BadRequest))
                .ShouldBe("workspace.path_rejected", escaping);
        }

        (await _viewer.GetAsync($"/api/v2/testing/runs/{measured.Id}/coverage/report?format=pdf", Token)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _viewer.GetAsync("/api/v2/testing/coverage/trend", Token)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _viewer.GetAsync($"/api/v2/testing/runs/{measured.Id}/coverage/suggestions?limit=0", Token)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await CodeAsync(await _operator.PostJsonAsync("/api/v2/testing/runs", new StartTestRunRequest("bad", Coverage: true, Goals: ["src: most"])), HttpStatusCode.BadRequest))
            .ShouldBe("testing.coverage_goal_invalid");

        var malformed = await _operator.PostAsync($"/api/v2/testing/runs/{measured.Id}/coverage/import?file=lcov.info",
            new StringContent("SF:calc.py\nDA:x,1\nend_of_record\n"), Token);
        (await malformed.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString().ShouldNotBeNull().ShouldStartWith("lcov.info:2:");
        (await _operator.PostAsync($"/api/v2/testing/runs/{measured.Id}/coverage/import", new StringContent(new string('x', 5000)), Token))
            .StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await _viewer.PostAsync($"/api/v2/testing/runs/{measured.Id}/coverage/import", new StringContent("SF:a\nend_of_record\n"), Token))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    static (string?, string?) Line(List<JsonElement> lines, int number) =>
        (lines[number - 1].GetProperty("text").GetString(), lines[number - 1].GetProperty("state").GetString());

    async Task<GitTestRepository> RegisterAsync(string name, string tests = TestCalcPy)
    {
        var repository = GitTestRepository.Create();
        _repositories.Add(repository);
        repository.Write("pytest.ini", "[pytest]\n").Write("calc.py", CalcPy).Write("test_calc.py", tests);
        repository.Commit("calc with tests");
        (await _admin.PostJsonAsync("/api/v2/git/repositories", new RepositoryRegistration(name, Path: repository.Path))).StatusCode.ShouldBe(HttpStatusCode.Created);
        return repository;
    }

    async Task<TestRunView> RunToEndAsync(StartTestRunRequest request)
    {
        var run = await (await _operator.PostJsonAsync("/api/v2/testing/runs", request)).ReadAsync<TestRunView>();
        await WatchAsync(run.Id);
        return (await (await _viewer.GetAsync($"/api/v2/testing/runs/{run.Id}", Token)).ReadAsync<TestRunDetails>()).Run;
    }

    /// <summary>The run's events over its WebSocket, until it closes after <c>finished</c>.</summary>
    async Task<List<JsonElement>> WatchAsync(string id)
    {
        var socketClient = _app.Server.CreateWebSocketClient();
        socketClient.ConfigureRequest = request => request.Headers.Authorization = $"Bearer {_adminKey}";
        using var socket = await socketClient.ConnectAsync(new Uri(_app.Server.BaseAddress, $"api/v2/testing/runs/{id}/ws"), Token);
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
