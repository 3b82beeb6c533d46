using System.Text.Json;
using Lightning.Agents.Registry;
using Lightning.Agents.Roles;
using Lightning.Agents.Tools;
using Lightning.Core.Serialization;
using Lightning.Testing.History;
using Lightning.Testing.Tests.History;
using Lightning.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Testing.Tests.Tools;

public sealed class TestToolTests : IAsyncDisposable
{
    const string Agent = "build-runner";
    readonly List<HistoryHarness> _harnesses = [];

    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Catalog_TestTool_NeedsTheTestingCapabilityThatTheBuildRunnerHas()
    {
        var harness = await HarnessAsync(HistoryHarness.PassingReport);

        var tool = harness.Services.GetRequiredService<ToolCatalog>().Find("test");

        tool.ShouldNotBeNull().Capability.ShouldBe(Capabilities.Testing);
        AgentRoles.Find("build-runner")!.Capabilities.ShouldContain(Capabilities.Testing);
    }

    [Fact]
    public async Task RunAsync_Detect_ListsTheProjectsWithTheirToolchain()
    {
        var harness = await HarnessAsync(HistoryHarness.PassingReport);
        WriteProject(harness, "app");

        var result = await Tool(harness).RunAsync(Call(new { operation = "detect", path = "app" }), Token);

        result.Succeeded.ShouldBeTrue(result.Error);
        var project = result.Output!.Value.GetProperty("projects").EnumerateArray().ShouldHaveSingleItem();
        project.GetProperty("framework").GetString().ShouldBe("pytest");
        project.GetProperty("root").GetString().ShouldBe(".");
        project.GetProperty("ready").ValueKind.ShouldBeOneOf(JsonValueKind.True, JsonValueKind.False);
        result.Output.Value.GetProperty("repository").GetString().ShouldBe("agent:build-runner/app");
    }

    [Fact]
    public async Task RunAsync_Flaky_ListsWhatHistorySaysWithEvidence()
    {
        var harness = await HarnessAsync(HistoryHarness.PassingReport);
        WriteProject(harness, "app");
        await harness.ImportAsync(HistoryHarness.PassingReport, "agent:build-runner/app", commit: "abcd1234");
        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        await harness.ImportAsync(HistoryHarness.FailingReport, "agent:build-runner/app", commit: "abcd1234");

        var result = await Tool(harness).RunAsync(Call(new { operation = "flaky", path = "app" }), Token);

        result.Succeeded.ShouldBeTrue(result.Error);
        var flaky = result.Output!.Value.GetProperty("flaky").EnumerateArray().ShouldHaveSingleItem();
        flaky.GetProperty("id").GetString().ShouldBe("test_calc::test_add");
        flaky.GetProperty("evidence")[0].GetString()!.ShouldContain("both on commit abcd1234");
        result.Output.Value.GetProperty("broken").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_FailingTests_FailsWithoutRetryAndListsTheFailures()
    {
        var harness = await HarnessAsync(HistoryHarness.FailingReport);
        WriteProject(harness, "app");

        var result = await Tool(harness).RunAsync(Call(new { operation = "run", path = "app", retries = 1 }), Token);

        result.Succeeded.ShouldBeFalse();
        result.Retryable.ShouldBeFalse();
        result.Error.ShouldBe("1 of 2 tests failed: test_calc::test_add.");
        var output = result.Output!.Value;
        output.GetProperty("status").GetString().ShouldBe("failed");
        output.GetProperty("totals").GetProperty("failed").GetInt32().ShouldBe(1);
        var failure = output.GetProperty("failures").EnumerateArray().ShouldHaveSingleItem();
        failure.GetProperty("id").GetString().ShouldBe("test_calc::test_add");
        failure.GetProperty("message").GetString().ShouldBe("assert 3 == 4");
        var run = await harness.Store.FindAsync(output.GetProperty("runId").GetString()!, Token);
        (run!.Trigger, run.RequestedBy, run.Retries).ShouldBe((TestRunTriggers.Agent, Agent, 1));
    }

    [Fact]
    public async Task RunAsync_AllowFailures_SucceedsWithTheFailuresInTheOutput()
    {
        var harness = await HarnessAsync(HistoryHarness.FailingReport);
        WriteProject(harness, "app");

        var result = await Tool(harness).RunAsync(Call(new { operation = "run", path = "app", allowFailures = true }), Token);

        result.Succeeded.ShouldBeTrue(result.Error);
        result.Output!.Value.GetProperty("failures").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_SharedWorkspaceOfACollaboration_RunsThereAndRecordsTheCollaboration()
    {
        var harness = await HarnessAsync(HistoryHarness.PassingReport);
        var shared = Path.Combine(harness.Services.GetRequiredService<Lightning.Agents.Actions.ActionExecutor>().SharedWorkspaceOf("col_1").Root, "app");
        WriteProjectAt(shared);

        var result = await Tool(harness).RunAsync(Call(new { operation = "run", path = "app" }) with { Collaboration = "col_1", SharedWorkspace = true }, Token);

        result.Succeeded.ShouldBeTrue(result.Error);
        result.Output!.Value.GetProperty("totals").GetProperty("passed").GetInt32().ShouldBe(2);
        var run = await harness.Store.FindAsync(result.Output.Value.GetProperty("runId").GetString()!, Token);
        (run!.Trigger, run.Repository).ShouldBe((TestRunTriggers.Collaboration, "collaboration:col_1/app"));
    }

    [Fact]
    public async Task RunAsync_Custom_RunsTheUsersCommandInsteadOfDetectedFrameworks()
    {
        var runner = new ReplayTestRunner(_ => HistoryHarness.PassingReport);
        var harness = await HistoryHarness.CreateAsync(runner);
        _harnesses.Add(harness);
        WriteProject(harness, "app");
        var tool = Tool(harness);

        var result = await tool.RunAsync(Call(new { operation = "run", path = "app", custom = new { command = new[] { "make", "check" }, reports = new[] { "out/*.xml" }, name = "make check" } }), Token);
        var empty = tool.Validate(JsonSerializer.SerializeToElement(new { operation = "run", custom = new { command = Array.Empty<string>() } }));
        var text = tool.Validate(JsonSerializer.SerializeToElement(new { operation = "run", custom = "make check" }));

        result.Succeeded.ShouldBeTrue(result.Error);
        var custom = runner.Requests.ShouldHaveSingleItem().Custom.ShouldNotBeNull();
        custom.Command.ShouldBe(["make", "check"]);
        custom.Reports.ShouldBe(["out/*.xml"]);
        (custom.Name, custom.Directory).ShouldBe(("make check", "."));
        empty.ShouldHaveSingleItem().ShouldStartWith("'custom' must be an object: {command: [program, args...]");
        text.ShouldHaveSingleItem().ShouldStartWith("'custom' must be an object");
    }

    [Fact]
    public async Task RunAsync_BadInput_FailsWithoutRetryNamingTheProblem()
    {
        var harness = await HarnessAsync(HistoryHarness.PassingReport);
        var tool = Tool(harness);

        var errors = tool.Validate(JsonSerializer.SerializeToElement(new { operation = "lint", framework = "karma", retries = 20, shards = 0, order = "random" }));
        var outside = await tool.RunAsync(Call(new { operation = "run", path = "../../elsewhere" }), Token);
        var missing = await tool.RunAsync(Call(new { operation = "run", path = "nothing" }), Token);

        errors.ShouldContain("'operation' must be one of: detect, run, select, flaky, generate.");
        errors.ShouldContain(e => e.StartsWith("Unknown test framework 'karma'.", StringComparison.Ordinal));
        errors.ShouldContain("'retries' must be between 0 and 10.");
        errors.ShouldContain("'shards' must be between 1 and 256.");
        errors.ShouldContain("'order' is \"smart\" or \"default\".");
        (outside.Succeeded, outside.Retryable).ShouldBe((false, false));
        outside.Error.ShouldNotBeNull().ShouldContain("leads outside the workspace");
        missing.Error.ShouldNotBeNull().ShouldContain("does not exist in the workspace");
    }

    [Fact]
    public async Task RunAsync_Select_NamesTheTestsTheChangeNeedsWithReasons()
    {
        var harness = await HarnessAsync(HistoryHarness.PassingReport);
        var directory = WriteRepository(harness);
        File.WriteAllText(Path.Combine(directory, "src/calc.py"), "def add(a, b):\n    return b + a\n");

        var result = await Tool(harness).RunAsync(Call(new { operation = "select", path = "shop" }), Token);

        result.Succeeded.ShouldBeTrue(result.Error);
        var output = result.Output!.Value;
        output.GetProperty("runAll").GetBoolean().ShouldBeFalse();
        output.GetProperty("changedFiles").EnumerateArray().Select(f => f.GetString()).ShouldBe(["src/calc.py"]);
        var ids = output.GetProperty("tests").EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToList();
        ids.ShouldContain(id => id!.StartsWith("tests/test_calc.py", StringComparison.Ordinal));
        ids.ShouldNotContain(id => id!.StartsWith("tests/test_other.py", StringComparison.Ordinal));
        output.GetProperty("tests")[0].GetProperty("reasons")[0].GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task RunAsync_RunWithChanges_RunsOnlyWhatTheChangeNeedsAndNothingWhenUnaffected()
    {
        var harness = await HarnessAsync(HistoryHarness.PassingReport);
        var directory = WriteRepository(harness);
        var tool = Tool(harness);

        var unaffected = await tool.RunAsync(Call(new { operation = "run", path = "shop", changes = new { mode = "safe" } }), Token);
        File.WriteAllText(Path.Combine(directory, "src/calc.py"), "def add(a, b):\n    return b + a\n");
        var affected = await tool.RunAsync(Call(new { operation = "run", path = "shop", changes = new { mode = "safe" } }), Token);
        var mixed = await tool.RunAsync(Call(new { operation = "run", path = "shop", tests = new[] { "x" }, changes = new { } }), Token);

        unaffected.Succeeded.ShouldBeTrue(unaffected.Error);
        unaffected.Output!.Value.GetProperty("status").GetString().ShouldBe("nothing-affected");
        unaffected.Output.Value.GetProperty("runs").GetArrayLength().ShouldBe(0);
        affected.Succeeded.ShouldBeTrue(affected.Error);
        var run = affected.Output!.Value.GetProperty("runs").EnumerateArray().ShouldHaveSingleItem();
        var stored = await harness.Store.FindAsync(run.GetProperty("runId").GetString()!, Token);
        stored.ShouldNotBeNull().Tests.ShouldAllBe(id => id.StartsWith("tests/test_calc.py", StringComparison.Ordinal));
        stored.Tests.ShouldNotBeEmpty();
        affected.Output.Value.GetProperty("selection").GetProperty("changedFiles")[0].GetString().ShouldBe("src/calc.py");
        (mixed.Succeeded, mixed.Retryable).ShouldBe((false, false));
        mixed.Error.ShouldNotBeNull().ShouldContain("leave out project, framework and tests");
    }

    [Fact]
    public async Task RunAsync_Generate_StoresTestsThatPassedTheFiltersForReviewWithoutWritingThem()
    {
        var harness = HistoryHarness.CreateAsync(realRunner: true);
        var created = await harness;
        _harnesses.Add(created);
        var root = Path.Combine(created.Services.GetRequiredService<Lightning.Agents.Actions.ActionExecutor>().WorkspaceOf(Agent).Root, "calcpkg");
        foreach (var (path, text) in new[]
        {
            ("pyproject.toml", "[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\n"),
            ("calc/__init__.py", string.Empty),
            ("calc/parse.py", Generation.GenerationFixtures.PythonParse),
            ("tests/test_parse.py", Generation.GenerationFixtures.PythonExistingTest),
        })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, path))!);
            File.WriteAllText(Path.Combine(root, path), text);
        }

        var result = await Tool(created).RunAsync(Call(new { operation = "generate", path = "calcpkg", file = "calc/parse.py", max = 4 }), Token);
        var unknown = await Tool(created).RunAsync(Call(new { operation = "generate", path = "calcpkg", language = "cobol" }), Token);

        result.Succeeded.ShouldBeTrue(result.Error);
        var output = result.Output!.Value;
        output.GetProperty("tried").GetInt32().ShouldBe(4);
        output.GetProperty("kept").GetArrayLength().ShouldBeGreaterThan(0);
        output.GetProperty("addedCoverage").GetInt32().ShouldBe(output.GetProperty("kept").GetArrayLength());
        output.GetProperty("review").GetString()!.ShouldContain(output.GetProperty("batchId").GetString()!);
        Directory.GetFiles(Path.Combine(root, "tests")).Select(Path.GetFileName).ShouldBe(["test_parse.py"]);
        (unknown.Succeeded, unknown.Retryable).ShouldBe((false, false));
        unknown.Error.ShouldNotBeNull().ShouldContain("Unknown language 'cobol'");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var harness in _harnesses)
        {
            await harness.DisposeAsync();
        }
    }

    async Task<HistoryHarness> HarnessAsync(string report)
    {
        var harness = await HistoryHarness.CreateAsync(new ReplayTestRunner(_ => report));
        _harnesses.Add(harness);
        return harness;
    }

    static IAgentTool Tool(HistoryHarness harness) => harness.Services.GetServices<IAgentTool>().Single(tool => tool.Name == "test");

    static ToolCall Call(object input) =>
        new(Agent, JsonSerializer.SerializeToElement(input, LightningJson.Options), "key", 1, "tester");

    static void WriteProject(HistoryHarness harness, string path) =>
        WriteProjectAt(Path.Combine(harness.Services.GetRequiredService<Lightning.Agents.Actions.ActionExecutor>().WorkspaceOf(Agent).Root, path));

    /// <summary>A committed git repository "shop" in the agent's workspace: src/calc.py tested by tests/test_calc.py, and an unrelated test.</summary>
    static string WriteRepository(HistoryHarness harness)
    {
        var directory = Path.Combine(harness.Services.GetRequiredService<Lightning.Agents.Actions.ActionExecutor>().WorkspaceOf(Agent).Root, "shop");
        foreach (var (path, text) in new[]
        {
            ("pytest.ini", "[pytest]\ntestpaths = tests\npythonpath = src\n"),
            ("src/calc.py", "def add(a, b):\n    return a + b\n"),
            ("src/other.py", "X = 1\n"),
            ("tests/test_calc.py", "from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n"),
            ("tests/test_other.py", "from other import X\n\n\ndef test_x():\n    assert X == 1\n"),
        })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(directory, path))!);
            File.WriteAllText(Path.Combine(directory, path), text);
        }

        Git(directory, "init", "-q", "-b", "main");
        Git(directory, "add", "-A");
        Git(directory, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
        return directory;
    }

    static void Git(string directory, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, error);
    }

    static void WriteProjectAt(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "pytest.ini"), "[pytest]\n");
        File.WriteAllText(Path.Combine(directory, "test_calc.py"), "def test_add():\n    assert 1 + 1 == 2\n");
    }
}
