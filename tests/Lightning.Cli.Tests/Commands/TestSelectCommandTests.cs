using System.Text.Json;
using Lightning.Cli.Commands;
using Lightning.TestUtilities;

namespace Lightning.Cli.Tests.Commands;

/// <summary><c>lightning test select</c> and <c>test watch</c> on a git repository with a pytest project, in this process, with the real runner.</summary>
public sealed class TestSelectCommandTests : IDisposable
{
    readonly TempDirectory _temp = new();
    readonly Lightning.TestUtilities.GitTestRepository _repository = Lightning.TestUtilities.GitTestRepository.Create();

    public TestSelectCommandTests()
    {
        _repository
            .Write("pytest.ini", "[pytest]\ntestpaths = tests\npythonpath = src\n")
            .Write("src/calc.py", "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n")
            .Write("tests/test_calc.py", "from calc import add, sub\n\n\ndef test_add():\n    assert add(1, 2) == 3\n\n\ndef test_sub():\n    assert sub(3, 1) == 2\n")
            .Commit("first");
    }

    static CancellationToken Token => TestContext.Current.CancellationToken;

    Task<CliRun> RunAsync(params string[] args) =>
        CliRun.ExecuteAsync([.. args, "--data", _temp.Combine("data")], new Dictionary<string, string?>(), Token);

    [Fact]
    public async Task Select_BuildMapThenFastRun_ExplainsAndRunsTheOneTest()
    {
        _repository.Write("src/calc.py", "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return b - a\n");

        var text = await RunAsync("test", "select", _repository.Path, "--build-map", "--mode", "fast");
        var json = await RunAsync("test", "select", _repository.Path, "--mode", "fast", "--json");
        var run = await RunAsync("test", "select", _repository.Path, "--mode", "fast", "--run");

        text.ExitCode.ShouldBe(ExitCodes.Ok, text.ToString());
        text.Stdout.ShouldContain("Changes: working tree against HEAD, 1 file:");
        text.Stdout.ShouldContain("tests/test_calc.py::test_sub runs because src/calc.py:sub changed (lines 6) and it covered lines 6");
        text.Stderr.ShouldContain("Coverage map of '.' (pytest)");
        using var document = JsonDocument.Parse(json.Stdout);
        document.RootElement.GetProperty("tests")[0].GetProperty("id").GetString().ShouldBe("tests/test_calc.py::test_sub");
        run.ExitCode.ShouldBe(ExitCodes.Failure, run.ToString());
        run.Stdout.ShouldContain("1 failed");
        run.Stdout.ShouldNotContain("test_add");
    }

    [Fact]
    public async Task Select_BadInput_ExitCodesAndOneLine()
    {
        var unknown = await RunAsync("test", "select", _repository.Path, "--base", "nope");
        var headOnly = await RunAsync("test", "select", _repository.Path, "--head", "HEAD");
        var mode = await RunAsync("test", "select", _repository.Path, "--mode", "reckless");
        var missing = await RunAsync("test", "select", _temp.Combine("nowhere"));
        var nothing = await RunAsync("test", "select", _repository.Path);

        unknown.ExitCode.ShouldBe(ExitCodes.InvalidRequest, unknown.ToString());
        unknown.ErrorLines.ShouldHaveSingleItem().ShouldContain("Unknown revision 'nope'");
        headOnly.ExitCode.ShouldBe(ExitCodes.Usage, headOnly.ToString());
        mode.ExitCode.ShouldBe(ExitCodes.Usage, mode.ToString());
        missing.ExitCode.ShouldBe(ExitCodes.NotFound, missing.ToString());
        nothing.ExitCode.ShouldBe(ExitCodes.Ok, nothing.ToString());
        nothing.Stdout.ShouldContain("No test is affected (safe mode).");
    }

    /// <summary>
    /// <c>test watch</c> through its first full run, then a save that breaks sub, then Ctrl+C once that save's run is
    /// shown (<paramref name="runEnd"/> ends each run's output).
    /// </summary>
    async Task<CliRun> WatchThroughASaveAsync(string[] options, string runEnd)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var watching = CliRun.Start(["test", "watch", _repository.Path, .. options, "--data", _temp.Combine("data")], new Dictionary<string, string?>(), cancel.Token);
        int Runs(string output) => output.Split(runEnd).Length - 1;
        await watching.WaitForOutputAsync(output => Runs(output) == 1, TimeSpan.FromSeconds(60), Token);
        _repository.Write("src/calc.py", "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return b - a\n");
        await watching.WaitForOutputAsync(output => Runs(output) == 2, TimeSpan.FromSeconds(60), Token);
        await cancel.CancelAsync();
        return await watching.Result;
    }

    [Fact]
    public async Task Watch_SaveThenCtrlC_RunsTheAffectedTestsAndExits130()
    {
        // Each run ends with "Watching for changes.".
        var result = await WatchThroughASaveAsync([], "Watching for changes.");

        result.ExitCode.ShouldBe(ExitCodes.Cancelled, result.ToString());
        result.Stdout.ShouldContain("Running every test.");
        result.Stdout.ShouldContain("Saved src/calc.py: 1 selected.");
        result.Stdout.ShouldContain("FAIL  tests.test_calc::test_sub");
        result.Stderr.ShouldContain("Stopped watching.");
        // Both watch runs are in the data directory's history, tagged as such.
        var history = await CliRun.ExecuteAsync(["test", "history", "--path", _repository.Path, "--data", _temp.Combine("data"), "--json"], new Dictionary<string, string?>(), Token);
        using var runs = System.Text.Json.JsonDocument.Parse(history.Stdout);
        var items = runs.RootElement.GetProperty("items").EnumerateArray().ToList();
        items.Select(item => item.GetProperty("trigger").GetString()).ShouldBe(["watch", "watch"], history.ToString());
        items.Select(item => item.GetProperty("status").GetString()).ShouldBe(["failed", "passed"]);
    }

    [Fact]
    public async Task Watch_Json_EveryLineIsJsonAndASaveStreamsItsRun()
    {
        var result = await WatchThroughASaveAsync(["--json"], "\"type\":\"watch-run-finished\"");

        result.ExitCode.ShouldBe(ExitCodes.Cancelled, result.ToString());
        result.Stderr.ShouldContain("Watching ");
        result.Stderr.ShouldContain("Stopped watching.");
        // Every line of stdout is one JSON object; nothing human is mixed in.
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        string Type(JsonElement line) => line.GetProperty("type").GetString()!;
        var watchingLine = lines[0];
        Type(watchingLine).ShouldBe("watching");
        watchingLine.GetProperty("data").GetProperty("directory").GetString().ShouldBe(Path.GetFullPath(_repository.Path));
        watchingLine.GetProperty("data").GetProperty("mode").GetString().ShouldBe("safe");

        // The save's run: watch-run-starting, the test events, watch-run-finished.
        var starts = lines.Select((line, index) => (line, index)).Where(item => Type(item.line) == "watch-run-starting").ToList();
        starts.Count.ShouldBe(2, result.Stdout);
        starts[0].line.GetProperty("data").GetProperty("runAll").GetBoolean().ShouldBeTrue();
        var save = starts[1].line.GetProperty("data");
        save.GetProperty("saved").EnumerateArray().Select(file => file.GetString()).ShouldBe(["src/calc.py"]);
        save.GetProperty("runAll").GetBoolean().ShouldBeFalse();
        var selected = save.GetProperty("tests").EnumerateArray().ShouldHaveSingleItem();
        // Safe mode without a coverage map selects the importing test file, with its first reason.
        selected.GetProperty("id").GetString().ShouldBe("tests/test_calc.py", result.Stdout);
        selected.GetProperty("reason").GetString().ShouldBe("tests/test_calc.py runs because it imports src/calc.py");
        var run = lines.Skip(starts[1].index + 1).ToList();
        Type(run[^1]).ShouldBe("watch-run-finished", result.Stdout);
        var events = run[..^1];
        events.ShouldAllBe(line => line.GetProperty("project").GetString() == ".");
        // Test events carry the event stream's own JSON as data, its type repeated on the line.
        events.ShouldAllBe(line => line.GetProperty("data").GetProperty("type").GetString() == line.GetProperty("type").GetString());
        var failed = events.Single(line => Type(line) == "failed").GetProperty("data");
        var started = events.Single(line => Type(line) == "case-started" && line.GetProperty("data").GetProperty("caseKey").GetString() == failed.GetProperty("caseKey").GetString());
        started.GetProperty("data").GetProperty("id").GetString().ShouldEndWith("test_sub");
        failed.GetProperty("failures")[0].GetProperty("message").GetString().ShouldNotBeNullOrEmpty();
        events.Count(line => Type(line) == "passed").ShouldBe(1, result.Stdout);

        var finished = run[^1].GetProperty("data");
        finished.GetProperty("totals").GetProperty("failed").GetInt32().ShouldBe(1);
        finished.GetProperty("totals").GetProperty("total").GetInt32().ShouldBe(2);
        finished.GetProperty("succeeded").GetBoolean().ShouldBeFalse();
        finished.GetProperty("elapsedMs").GetInt64().ShouldBeGreaterThan(0);
        var recorded = finished.GetProperty("runs").EnumerateArray().ShouldHaveSingleItem();
        recorded.GetProperty("status").GetString().ShouldBe("failed");
        // The id is the recorded run's: history has it, as failed.
        var show = await CliRun.ExecuteAsync(["test", "history", "--path", _repository.Path, "--data", _temp.Combine("data"), "--json"], new Dictionary<string, string?>(), Token);
        using var history = JsonDocument.Parse(show.Stdout);
        history.RootElement.GetProperty("items").EnumerateArray()
            .Single(item => item.GetProperty("id").GetString() == recorded.GetProperty("id").GetString())
            .GetProperty("status").GetString().ShouldBe("failed");
    }

    public void Dispose()
    {
        _repository.Dispose();
        _temp.Dispose();
    }
}
