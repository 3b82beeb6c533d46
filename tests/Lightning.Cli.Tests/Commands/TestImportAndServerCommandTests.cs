using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lightning.Core.Serialization;
using Lightning.Git.Registry;
using Lightning.TestUtilities;

namespace Lightning.Cli.Tests.Commands;

/// <summary>
/// <c>lightning test import</c> (locally and with <c>--server</c>), <c>test run --server</c> followed over the
/// WebSocket, and a custom test command after <c>--</c>: real pytest and python, a real server.
/// </summary>
public sealed class TestImportAndServerCommandTests(CliServerFixture server) : IDisposable
{
    const string Report = """
        <testsuites><testsuite name="ci" tests="2">
          <testcase classname="test_calc" name="test_add" time="0.010"/>
          <testcase classname="test_calc" name="test_sub" time="0.250"><failure message="assert 2 == 1">trace</failure></testcase>
        </testsuite></testsuites>
        """;

    readonly TempDirectory _temp = new();

    static CancellationToken Token => TestContext.Current.CancellationToken;

    string Data => _temp.Combine("data");

    [Fact]
    public async Task Import_Local_RecordsTheReportInTheHistoryAndRefusesAMalformedOne()
    {
        var file = _temp.Combine("results.xml");
        await File.WriteAllTextAsync(file, Report, Token);
        var broken = _temp.Combine("broken.xml");
        await File.WriteAllTextAsync(broken, "<testsuites>\n<testsuite name=\"x\">\n<testcase name=\"a\"\n", Token);

        var imported = await LocalAsync("test", "import", file, "--repository", "ci-shop", "--commit", "abc1234", "--branch", "main");
        var history = await LocalAsync("test", "history", "--repository", "ci-shop", "--json");
        var malformed = await LocalAsync("test", "import", broken, "--repository", "ci-shop");
        var missing = await LocalAsync("test", "import", _temp.Combine("nope.xml"));
        var after = await LocalAsync("test", "history", "--repository", "ci-shop", "--json");

        imported.ExitCode.ShouldBe(ExitCodes.Ok, imported.ToString());
        imported.Stdout.ShouldContain("test_calc::test_sub");
        imported.Stderr.ShouldStartWith("Recorded trun_");
        var runs = JsonDocument.Parse(history.Stdout).RootElement.GetProperty("items");
        runs.GetArrayLength().ShouldBe(1);
        (runs[0].GetProperty("status").GetString(), runs[0].GetProperty("trigger").GetString(), runs[0].GetProperty("commitSha").GetString())
            .ShouldBe(("failed", "import", "abc1234"));
        malformed.ExitCode.ShouldNotBe(ExitCodes.Ok, malformed.ToString());
        malformed.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("error: broken.xml:");
        missing.ExitCode.ShouldBe(ExitCodes.NotFound, missing.ToString());
        missing.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("error: No report file");
        JsonDocument.Parse(after.Stdout).RootElement.GetProperty("items").GetArrayLength().ShouldBe(1, "the malformed report recorded nothing");
    }

    [Fact]
    public async Task Import_Local_WithRetentionConfigured_KeepsOnlyTheNewestRunsOfTheRepository()
    {
        var file = _temp.Combine("results.xml");
        await File.WriteAllTextAsync(file, Report, Token);
        var keepTwo = new Dictionary<string, string?> { ["Lightning__Testing__Runs__Retention__MaxRunsPerRepository"] = "2" };
        var invalid = new Dictionary<string, string?> { ["Lightning__Testing__Runs__Retention__MaxRunsPerRepository"] = "0" };

        foreach (var commit in new[] { "aaa1", "aaa2", "aaa3" })
        {
            var imported = await CliRun.ExecuteAsync(["test", "import", file, "--repository", "kept", "--commit", commit, "--data", Data], keepTwo, Token);
            imported.ExitCode.ShouldBe(ExitCodes.Ok, imported.ToString());
        }

        var other = await LocalAsync("test", "import", file, "--repository", "other");
        var history = await LocalAsync("test", "history", "--repository", "kept", "--json");
        var refused = await CliRun.ExecuteAsync(["test", "history", "--data", Data], invalid, Token);

        other.ExitCode.ShouldBe(ExitCodes.Ok, other.ToString());
        JsonDocument.Parse(history.Stdout).RootElement.GetProperty("items").EnumerateArray()
            .Select(run => run.GetProperty("commitSha").GetString()).ShouldBe(["aaa3", "aaa2"]);
        refused.ExitCode.ShouldBe(ExitCodes.InvalidRequest, refused.ToString());
        refused.ErrorLines.ShouldHaveSingleItem().ShouldContain("MaxRunsPerRepository");
    }

    [Fact]
    public async Task Import_Server_UploadsTheReportUnderTheRepository()
    {
        var file = _temp.Combine("results.xml");
        await File.WriteAllTextAsync(file, Report, Token);
        var repository = "cli-import-" + Guid.NewGuid().ToString("N")[..8];

        var imported = await server.RunAsync(["test", "import", file, "--server", server.Url, "--repository", repository, "--json"]);
        var unnamed = await server.RunAsync(["test", "import", file, "--server", server.Url]);
        var history = await server.RunAsync(["test", "history", "--server", server.Url, "--repository", repository, "--json"]);

        imported.ExitCode.ShouldBe(ExitCodes.Ok, imported.ToString());
        var run = JsonDocument.Parse(imported.Stdout).RootElement.GetProperty("run");
        (run.GetProperty("repository").GetString(), run.GetProperty("status").GetString()).ShouldBe((repository, "failed"));
        unnamed.ExitCode.ShouldBe(ExitCodes.Usage, unnamed.ToString());
        JsonDocument.Parse(history.Stdout).RootElement.GetProperty("items").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Run_Server_StartsTheRunThereFollowsItLiveAndExitsLikeALocalRun()
    {
        using var repository = new GitTestRepository();
        repository.Write("pytest.ini", "[pytest]\n");
        repository.CommitFile("test_calc.py", "def test_add():\n    assert 1 + 1 == 2\n\ndef test_sub():\n    assert 3 - 1 == 1, 'three minus one'\n", "test: calc");
        var name = "cli-run-" + Guid.NewGuid().ToString("N")[..8];
        await RegisterAsync(new RepositoryRegistration(name, Path: repository.Path));
        var report = _temp.Combine("server.xml");

        var run = await server.RunAsync(["test", "run", "--server", server.Url, "--repository", name, "--retries", "0", "--report", "junit", report]);
        var unnamed = await server.RunAsync(["test", "run", "--server", server.Url]);

        run.ExitCode.ShouldBe(ExitCodes.Failure, run.ToString());
        run.Stderr.ShouldContain("Started trun_");
        run.Stderr.ShouldContain("three minus one");
        run.Stdout.ShouldContain("test_calc::test_sub");
        System.Xml.Linq.XDocument.Load(report).Descendants("testcase").Count().ShouldBe(2);
        unnamed.ExitCode.ShouldBe(ExitCodes.Usage, unnamed.ToString());
        unnamed.Stderr.ShouldContain("name it with --repository");
    }

    [Fact]
    public async Task Run_CustomCommandAfterTheDashes_RunsItAndReadsTheReportsItWrites()
    {
        var directory = _temp.Combine("legacy");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.xml.in"), Report, Token);
        await File.WriteAllTextAsync(Path.Combine(directory, "check.py"), """
            import os, sys
            os.makedirs("out", exist_ok=True)
            open("out/results.xml", "w").write(open("report.xml.in").read())
            sys.exit(1)
            """, Token);

        var run = await LocalAsync("test", "run", "--path", directory, "--report-files", "out/*.xml", "--name", "legacy", "--json", "--", "python3", "check.py", "--fast");
        var orphan = await LocalAsync("test", "run", "--path", directory, "--report-files", "out/*.xml");
        var mixed = await LocalAsync("test", "run", "--path", directory, "--framework", "pytest", "--", "python3", "check.py");

        run.ExitCode.ShouldBe(ExitCodes.Failure, run.ToString());
        var details = JsonDocument.Parse(run.Stdout).RootElement;
        details.GetProperty("projects")[0].GetProperty("framework").GetString().ShouldBe("custom");
        details.GetProperty("results").GetArrayLength().ShouldBe(2);
        orphan.ExitCode.ShouldBe(ExitCodes.Usage, orphan.ToString());
        orphan.Stderr.ShouldContain("give it after --");
        mixed.ExitCode.ShouldBe(ExitCodes.Usage, mixed.ToString());
    }

    Task<CliRun> LocalAsync(params string[] args) =>
        CliRun.ExecuteAsync([.. args, "--data", Data], new Dictionary<string, string?>(), Token);

    [Fact]
    public async Task Run_Server_CtrlC_CancelsTheRunOnTheServerAndExits130()
    {
        using var repository = new GitTestRepository();
        repository.Write("pytest.ini", "[pytest]\n");
        repository.CommitFile("test_slow.py", "import time\n\ndef test_slow():\n    time.sleep(300)\n", "test: slow");
        var name = "cli-cancel-" + Guid.NewGuid().ToString("N")[..8];
        await RegisterAsync(new RepositoryRegistration(name, Path: repository.Path));

        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var running = server.Start(["test", "run", "--server", server.Url, "--repository", name, "--retries", "0"], ctrlC.Token);
        await running.WaitForOutputAsync(text => text.Contains("Started trun_", StringComparison.Ordinal), TimeSpan.FromSeconds(60), Token, stderr: true);
        var id = System.Text.RegularExpressions.Regex.Match(running.StderrSoFar, "Started (trun_[A-Za-z0-9_-]+)").Groups[1].Value;
        // Press Ctrl+C only once the server is running the test, so the cancel has a process to stop.
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminKey);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await StatusAsync(http, id) != "running")
        {
            (DateTime.UtcNow < deadline).ShouldBeTrue($"run {id} never started:\n{running.StderrSoFar}");
            await Task.Delay(100, Token);
        }

        await Task.Delay(1000, Token);
        await ctrlC.CancelAsync();
        var result = await running.Result;

        result.ExitCode.ShouldBe(ExitCodes.Cancelled, result.ToString());
        result.Stderr.ShouldContain($"Cancelling {id}");
        (await StatusAsync(http, id)).ShouldBe("cancelled");
    }

    [Fact]
    public async Task Generate_Server_CtrlC_CancelsTheBatchOnTheServerAndExits130()
    {
        // pytest's collection (the batch's first filter) hangs: conftest writes its pid, then sleeps.
        var pidFile = _temp.Combine("collecting.pid");
        using var repository = new GitTestRepository();
        repository.Write("pytest.ini", "[pytest]\n");
        repository.Write("calc/__init__.py", string.Empty);
        repository.Write("calc/parse.py", "def clamp(value: int, low: int = 0, high: int = 10) -> int:\n    if value < low:\n        return low\n    if value > high:\n        return high\n    return value\n");
        repository.CommitFile("tests/conftest.py", $"import os, time\nwith open({JsonSerializer.Serialize(pidFile)}, 'w') as f:\n    f.write(str(os.getpid()))\ntime.sleep(120)\n", "test: slow collection");
        var name = "cli-generate-" + Guid.NewGuid().ToString("N")[..8];
        await RegisterAsync(new RepositoryRegistration(name, Path: repository.Path));

        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var running = server.Start(["test", "generate", "--server", server.Url, "--repository", name, "--file", "calc/parse.py", "--max", "3", "--no-model", "--write"], ctrlC.Token);
        await running.WaitForOutputAsync(text => text.Contains("Started tgen_", StringComparison.Ordinal), TimeSpan.FromSeconds(60), Token, stderr: true);
        var id = System.Text.RegularExpressions.Regex.Match(running.StderrSoFar, "Started (tgen_[A-Za-z0-9_-]+)").Groups[1].Value;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(pidFile))
        {
            (DateTime.UtcNow < deadline).ShouldBeTrue($"batch {id} never reached pytest's collection:\n{running.StderrSoFar}");
            await Task.Delay(100, Token);
        }

        await ctrlC.CancelAsync();
        var result = await running.Result;

        result.ExitCode.ShouldBe(ExitCodes.Cancelled, result.ToString());
        result.Stderr.ShouldContain($"Cancelling {id}");
        result.ErrorLines[^1].ShouldStartWith("Cancelled by ");
        result.Stdout.ShouldContain("not judged");
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminKey);
        using var batch = JsonDocument.Parse(await http.GetStringAsync($"/api/v2/testing/generate/{id}", Token));
        batch.RootElement.GetProperty("status").GetString().ShouldBe("cancelled");
        // --write accepted nothing: nothing was generated into the repository.
        File.Exists(Path.Combine(repository.Path, "tests", "test_parse_generated.py")).ShouldBeFalse();
        var usage = await server.RunAsync(["test", "generate", "--server", server.Url, "--file", "calc/parse.py"]);
        usage.ExitCode.ShouldBe(ExitCodes.Usage, usage.ToString());
        usage.ErrorLines.ShouldContain(line => line.Contains("--repository", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Generate_Server_Write_FollowsTheBatchAndAcceptsTheKeptTestsThere()
    {
        using var repository = new GitTestRepository();
        repository.Write("pytest.ini", "[pytest]\n");
        repository.Write("calc/__init__.py", string.Empty);
        repository.Write("calc/parse.py", "def parse_int(text: str) -> int:\n    if not text:\n        raise ValueError(\"empty\")\n    return int(text)\n");
        repository.CommitFile("tests/test_parse.py", "from calc.parse import parse_int\n\n\ndef test_one():\n    assert parse_int('1') == 1\n", "test: parse");
        var name = "cli-generate-" + Guid.NewGuid().ToString("N")[..8];
        await RegisterAsync(new RepositoryRegistration(name, Path: repository.Path));

        var result = await server.RunAsync(["test", "generate", "--server", server.Url, "--repository", name, "--file", "calc/parse.py", "--max", "3", "--no-model", "--write"]);

        result.ExitCode.ShouldBe(ExitCodes.Ok, result.ToString());
        result.Stderr.ShouldContain("Started tgen_");
        result.Stdout.ShouldMatch(@"\d candidates \(pytest\)", result.ToString());
        result.Stdout.ShouldContain(" accepted ", Case.Sensitive, result.ToString());
        result.Stdout.ShouldMatch(@"Wrote [1-9]\d* tests to tests/test_parse_generated\.py\.", result.ToString());
        File.ReadAllText(Path.Combine(repository.Path, "tests", "test_parse_generated.py")).ShouldContain("from calc.parse import");
    }

    static async Task<string?> StatusAsync(HttpClient http, string id)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync($"/api/v2/testing/runs/{id}", Token));
        return document.RootElement.GetProperty("run").GetProperty("status").GetString();
    }

    async Task RegisterAsync(RepositoryRegistration registration)
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminKey);
        var response = await http.PostAsJsonAsync("/api/v2/git/repositories", registration, LightningJson.Options, Token);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Token));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
