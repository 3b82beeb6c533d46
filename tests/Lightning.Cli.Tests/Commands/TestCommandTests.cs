using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Lightning.Cli.Commands;
using Lightning.Testing.History;
using Lightning.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Cli.Tests.Commands;

/// <summary><c>lightning test</c> on pytest fixtures with the real runner, in this process, recording into a temp data directory.</summary>
public sealed class TestCommandTests(CliServerFixture server) : IDisposable
{
    const string CalcTests = """
        import pytest

        def test_add():
            assert 1 + 1 == 2

        def test_sub():
            assert 3 - 1 == 1, "three minus one"

        @pytest.mark.skip(reason="not today")
        def test_mul():
            pass
        """;

    readonly TempDirectory _temp = new();

    static CancellationToken Token => TestContext.Current.CancellationToken;

    string Data => _temp.Combine("data");

    [Fact]
    public async Task Detect_PytestProject_ListsItsFrameworkToolsAndCommand()
    {
        var project = Project("calc", CalcTests);

        var text = await RunAsync("test", "detect", "--path", project);
        var json = await RunAsync("test", "detect", project, "--json");
        var missing = await RunAsync("test", "detect", "--path", _temp.Combine("nope"));
        var missingArgument = await RunAsync("test", "detect", _temp.Combine("nope"));

        text.ExitCode.ShouldBe(ExitCodes.Ok, text.ToString());
        var lines = text.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("FRAMEWORK");
        lines[1].ShouldStartWith("pytest");
        lines[1].ShouldContain("ready");
        lines[1].ShouldContain("-m pytest");
        using var document = JsonDocument.Parse(json.Stdout);
        document.RootElement.GetProperty("report").GetProperty("projects")[0].GetProperty("framework").GetString().ShouldBe("pytest");
        document.RootElement.GetProperty("toolchains")[0].GetProperty("ready").GetBoolean().ShouldBeTrue();
        missing.ExitCode.ShouldBe(ExitCodes.NotFound, missing.ToString());
        missing.ErrorLines.ShouldHaveSingleItem().ShouldContain("does not exist");
        missingArgument.ExitCode.ShouldBe(ExitCodes.NotFound, missingArgument.ToString());
        missingArgument.ErrorLines.ShouldHaveSingleItem().ShouldContain("does not exist");
    }

    [Fact]
    public async Task Run_FailingTests_ShowsThemLiveExitsOneAndRecordsTheRun()
    {
        var project = Project("calc", CalcTests);

        var run = await RunAsync("test", "run", "--path", project);
        var list = await RunAsync("test", "history");
        var id = JsonDocument.Parse((await RunAsync("test", "history", "--json")).Stdout).RootElement.GetProperty("items")[0].GetProperty("id").GetString()!;
        var shown = await RunAsync("test", "history", id);
        var test = await RunAsync("test", "history", "--test", "test_calc::test_sub");
        var slowest = await RunAsync("test", "history", "--slowest", "--framework", "python");
        var failing = await RunAsync("test", "history", "--failing");

        run.ExitCode.ShouldBe(ExitCodes.Failure, run.ToString());
        run.Stderr.ShouldContain("FAIL  test_calc::test_sub: AssertionError: three minus one");
        run.Stderr.ShouldContain("pytest in .: 1 passed, 1 failed, 1 skipped");
        run.Stdout.ShouldStartWith("Test run trun_");
        run.Stdout.ShouldContain($"of {project}: failed, 1 passed, 1 failed, 1 skipped");
        run.Stdout.ShouldContain("Failures:");
        run.Stdout.ShouldContain("test_calc::test_sub");
        list.Stdout.Split('\n')[1].ShouldStartWith(id);
        list.Stdout.ShouldContain("failed");
        shown.Stdout.ShouldContain($"Test run {id}");
        test.Stdout.ShouldStartWith("test_calc::test_sub: 1 runs, 0 passed, 1 failed");
        slowest.ExitCode.ShouldBe(ExitCodes.Ok, slowest.ToString());
        slowest.Stdout.ShouldContain("test_calc::test_add");
        slowest.Stdout.ShouldNotContain("test_calc::test_mul");
        failing.Stdout.Split('\n')[1].ShouldStartWith("test_calc::test_sub");
    }

    [Fact]
    public async Task Run_PassingWithReportAndJson_ExitsZeroAndWritesTheReport()
    {
        var project = Project("ok", "def test_one():\n    assert True\n\ndef test_two():\n    assert 2 > 1\n");
        var report = _temp.Combine("results.xml");

        var run = await RunAsync("test", "run", "--path", project, "--report", "junit", report, "--json", "--retries", "1", "--timeout", "120", "--shards", "2");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        document.RootElement.GetProperty("run").GetProperty("status").GetString().ShouldBe("passed");
        document.RootElement.GetProperty("run").GetProperty("retries").GetInt32().ShouldBe(1);
        document.RootElement.GetProperty("results").GetArrayLength().ShouldBe(2, "two shards of one test each, merged");
        XDocument.Load(report).Descendants("testcase").Select(c => (string?)c.Attribute("name")).ShouldBe(["test_one", "test_two"]);
        run.Stderr.ShouldContain($"Wrote the results (junit) to {report}.");
    }

    [Fact]
    public async Task Run_RetriesAFailure_ShowsEachAttemptAndTheVerdictOnce()
    {
        var project = Project("retried", CalcTests);

        var run = await RunAsync("test", "run", "--path", project, "--retries", "2");

        run.ExitCode.ShouldBe(ExitCodes.Failure, run.ToString());
        run.Stderr.Split('\n').Count(line => line.StartsWith("FAIL  test_calc::test_sub: ", StringComparison.Ordinal)).ShouldBe(1, run.Stderr);
        run.Stderr.ShouldContain("RETRY test_calc::test_sub: attempt 2 failed\n");
        run.Stderr.ShouldContain("RETRY test_calc::test_sub: attempt 3 failed\n");
        run.Stderr.ShouldContain("FAIL  test_calc::test_sub after 3 attempts: AssertionError: three minus one");
        run.Stderr.ShouldContain("pytest in .: 1 passed, 1 failed, 1 skipped");
    }

    [Fact]
    public async Task Run_OrderSmart_RunsTheLastFailureFirst()
    {
        var project = Project("order", CalcTests);
        var report = _temp.Combine("ordered.xml");

        var first = await RunAsync("test", "run", "--path", project);
        var second = await RunAsync("test", "run", "--path", project, "--order", "smart", "--report", "junit", report);
        var bad = await RunAsync("test", "run", "--path", project, "--order", "random");

        first.ExitCode.ShouldBe(ExitCodes.Failure, first.ToString());
        second.ExitCode.ShouldBe(ExitCodes.Failure, second.ToString());
        XDocument.Load(report).Descendants("testcase").Select(c => (string?)c.Attribute("name")).ShouldBe(["test_sub", "test_add", "test_mul"]);
        bad.ExitCode.ShouldBe(ExitCodes.Usage, bad.ToString());
    }

    [Fact]
    public async Task Run_JUnitOrderSmart_StartsWithTheLastFailureAndTheRunSaysWhy()
    {
        var project = TestProjects.JUnitTwoClasses(_temp.Combine("junit"));
        var firstReport = _temp.Combine("first.jsonl");
        var secondReport = _temp.Combine("second.jsonl");

        var first = await RunAsync("test", "run", "--path", project, "--report", "json", firstReport);
        var second = await RunAsync("test", "run", "--path", project, "--order", "smart", "--report", "json", secondReport);

        first.ExitCode.ShouldBe(ExitCodes.Failure, first.ToString());
        second.ExitCode.ShouldBe(ExitCodes.Failure, second.ToString());
        second.Stderr.ShouldContain("FAIL  " + TestProjects.JUnitFailingTest);
        // The order is explained live too, under the project's line.
        second.Stderr.ShouldContain("\n  Smart order (tests, each class at its first test's place");
        // Jupiter's own order runs AlphaTest first; the smart order starts with the test that failed.
        var (before, _) = ReadEventStream(firstReport);
        before[0].ShouldStartWith("com.example.AlphaTest::");
        var (after, messages) = ReadEventStream(secondReport);
        after[0].ShouldBe(TestProjects.JUnitFailingTest);
        after.Order(StringComparer.Ordinal).ShouldBe(before.Order(StringComparer.Ordinal));
        messages.ShouldContain(text => text.StartsWith(
            "Smart order (tests, each class at its first test's place (a class's own @TestMethodOrder kept), by recent failure, failure rate, then speed; unlisted ones after): "
            + TestProjects.JUnitFailingTest, StringComparison.Ordinal), string.Join(" | ", messages));

        // The ids of the cases in the order the report lists them (the order they ran), and the run's messages.
        static (List<string> Started, List<string> Messages) ReadEventStream(string path)
        {
            var events = File.ReadAllLines(path).Where(line => line.Length > 0).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
            return ([.. events.Where(e => e.GetProperty("type").GetString() == "case-started").Select(e => e.GetProperty("id").GetString()!)],
                [.. events.Where(e => e.GetProperty("type").GetString() == "run-finished").SelectMany(e => e.GetProperty("messages").EnumerateArray()).Select(m => m.GetProperty("text").GetString()!)]);
        }
    }

    [Fact]
    public async Task Run_BadInput_OneLineAndTheRightExitCode()
    {
        var project = Project("calc", CalcTests);

        var unknown = await RunAsync("test", "run", "--path", project, "--framework", "karma");
        var format = await RunAsync("test", "run", "--path", project, "--report", "pdf", "out.pdf");
        var retries = await RunAsync("test", "run", "--path", project, "--retries", "50");
        var shards = await RunAsync("test", "run", "--path", project, "--shards", "0");
        var nothing = await RunAsync("test", "run", "--path", project, "--framework", "jest");
        var both = await RunAsync("test", "history", "trun_x", "--slowest");
        var none = await RunAsync("test", "history", "trun_nope");

        unknown.ExitCode.ShouldBe(ExitCodes.InvalidRequest, unknown.ToString());
        unknown.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("error: Unknown test framework 'karma'. Known frameworks: pytest");
        format.ExitCode.ShouldBe(ExitCodes.Usage, format.ToString());
        format.Stderr.ShouldContain("--report takes a format (junit, trx or json) and a file, not 'pdf'.");
        retries.ExitCode.ShouldBe(ExitCodes.Usage, retries.ToString());
        shards.ExitCode.ShouldBe(ExitCodes.Usage, shards.ToString());
        nothing.ExitCode.ShouldBe(ExitCodes.Failure, nothing.ToString());
        nothing.Stdout.ShouldContain("No jest project in");
        both.ExitCode.ShouldBe(ExitCodes.Usage, both.ToString());
        none.ExitCode.ShouldBe(ExitCodes.NotFound, none.ToString());
        none.ErrorLines.ShouldHaveSingleItem().ShouldBe("error: No test run with id 'trun_nope'.");
    }

    [Fact]
    public async Task Run_Cancelled_StopsTheTestsAndRecordsTheRunCancelled()
    {
        var project = Project("slow", "import time\n\ndef test_waits():\n    time.sleep(120)\n");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);

        var running = CliRun.ExecuteAsync(["test", "run", "--path", project, "--data", Data], new Dictionary<string, string?>(), cancel.Token);
        await WaitForCaseStartedAsync();
        await cancel.CancelAsync();
        var run = await running;
        var history = await RunAsync("test", "history", "--json");

        run.ExitCode.ShouldBe(ExitCodes.Cancelled, run.ToString());
        run.Stdout.ShouldContain(": cancelled,");
        JsonDocument.Parse(history.Stdout).RootElement.GetProperty("items")[0].GetProperty("status").GetString().ShouldBe("cancelled");
    }

    [Fact]
    public async Task LocalCommands_RecordTheRunsOfKilledCliProcessesAsInterrupted_AndLeaveLiveOnes()
    {
        await RunAsync("test", "history");
        string killedRun, liveRun;
        await using (var services = TestingServices.Build(Data))
        {
            var store = services.GetRequiredService<TestHistoryStore>();
            killedRun = await CreateRunningAsync(store);
            liveRun = await CreateRunningAsync(store);
        }

        // A process that has exited stands for a CLI killed with SIGKILL; this test's own process for one still running.
        using var gone = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        var goneId = gone.Id;
        await gone.WaitForExitAsync(Token);
        Directory.CreateDirectory(TestRunMarkers.Directory(Data));
        File.WriteAllText(Path.Combine(TestRunMarkers.Directory(Data), killedRun), $"{goneId} {DateTime.UtcNow.Ticks}");
        using (TestRunMarkers.Write(Data, liveRun))
        {
            var history = await RunAsync("test", "history", "--json");

            history.ExitCode.ShouldBe(ExitCodes.Ok, history.ToString());
            var items = JsonDocument.Parse(history.Stdout).RootElement.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetString()!);
            items[killedRun].GetProperty("status").GetString().ShouldBe("errored");
            items[killedRun].GetProperty("error").GetString().ShouldBe(TestRunMarkers.InterruptedError);
            items[liveRun].GetProperty("status").GetString().ShouldBe("running");
            File.Exists(Path.Combine(TestRunMarkers.Directory(Data), killedRun)).ShouldBeFalse();
            File.Exists(Path.Combine(TestRunMarkers.Directory(Data), liveRun)).ShouldBeTrue();
        }

        File.Exists(Path.Combine(TestRunMarkers.Directory(Data), liveRun)).ShouldBeFalse("a finished CLI run removes its marker");
    }

    static async Task<string> CreateRunningAsync(TestHistoryStore store)
    {
        var id = Lightning.Core.Ids.LightningId.New("trun");
        await store.CreateAsync(new Lightning.Testing.Persistence.TestRunEntity
        {
            Id = id, Repository = "cli", Trigger = TestRunTriggers.Cli, RequestedBy = "me", Status = TestRunStatus.Running, CreatedAt = DateTimeOffset.UtcNow,
        }, Token);
        return id;
    }

    [Fact]
    public async Task History_Server_ReadsTheServersRuns()
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminKey);
        const string Report = """<testsuites><testsuite name="ci"><testcase classname="cli_history" name="test_one" time="0.5"/></testsuite></testsuites>""";
        using var content = new StringContent(Report, Encoding.UTF8, "application/xml");
        var repository = "cli-history-" + Guid.NewGuid().ToString("N")[..8];
        (await http.PostAsync($"api/v2/testing/runs/import?repository={repository}&file=ci.xml", content, Token)).EnsureSuccessStatusCode();

        var list = await server.RunAsync(["test", "history", "--server", server.Url, "--repository", repository]);
        var test = await server.RunAsync(["test", "history", "--server", server.Url, "--test", "cli_history::test_one", "--repository", repository, "--json"]);
        var local = await RunAsync("test", "history", "--repository", repository);

        list.ExitCode.ShouldBe(ExitCodes.Ok, list.ToString());
        list.Stdout.ShouldContain(repository);
        list.Stdout.ShouldContain("passed");
        JsonDocument.Parse(test.Stdout).RootElement.GetProperty("runs").GetInt32().ShouldBe(1);
        local.Stdout.ShouldBe("No test runs.\n");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    string Project(string name, string tests)
    {
        var directory = _temp.Combine(name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "pytest.ini"), "[pytest]\n");
        File.WriteAllText(Path.Combine(directory, "test_calc.py"), tests);
        return directory;
    }

    Task<CliRun> RunAsync(params string[] args) =>
        CliRun.ExecuteAsync([.. args, "--data", Data], new Dictionary<string, string?>(), Token);

    /// <summary>Reads the data directory's history, as another process would, until the run's first test has started.</summary>
    async Task WaitForCaseStartedAsync()
    {
        await using var services = TestingServices.Build(Data);
        var store = services.GetRequiredService<TestHistoryStore>();
        while (true)
        {
            Token.ThrowIfCancellationRequested();
            if (File.Exists(Path.Combine(Data, "lightning.db")))
            {
                try
                {
                    var runs = await store.ListAsync(new TestRunQuery(), Token);
                    if (runs.Items.Count > 0 && runs.Items[0] is { } run
                        && (await store.ReadEventsAsync(run.Id, 0, 1000, Token)).Items.Any(e => e.Type == "case-started"))
                    {
                        return;
                    }
                }
                catch (Microsoft.Data.Sqlite.SqliteException)
                {
                    // The CLI has not created the tables yet.
                }
            }

            await Task.Delay(50, Token);
        }
    }
}
