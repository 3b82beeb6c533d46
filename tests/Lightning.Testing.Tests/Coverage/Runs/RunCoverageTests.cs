using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lightning.Core.Processes;
using Lightning.Testing.Coverage.Runs;
using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.History;
using Lightning.Testing.Runners;
using Lightning.Testing.Tests.Detection;
using Lightning.Testing.Tests.History;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Testing.Tests.Coverage.Runs;

/// <summary>
/// Runs with coverage through <see cref="TestRunService"/> and the real runner on real pytest and Jest projects: the
/// stored per-file numbers are compared with each tool's own summary, made by running the tool again independently.
/// </summary>
[Collection(RunCoverageCollection.Name)]
public sealed partial class RunCoverageTests : IAsyncDisposable
{
    readonly List<HistoryHarness> _harnesses = [];

    static CancellationToken Token => TestContext.Current.CancellationToken;

    internal const string CalcPy = """
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

    internal const string TestCalcPy = """
        from calc import add, divide, clamp


        def test_add():
            assert add(1, 2) == 3


        def test_divide():
            assert divide(6, 3) == 2


        def test_clamp():
            assert clamp(5, 0, 10) == 5
            assert clamp(-1, 0, 10) == 0
        """;

    [Fact]
    public async Task StartAsync_PytestWithCoverage_StoresPerFileNumbersEqualToCoverageReport()
    {
        var harness = await HarnessAsync();
        var target = PytestProject(harness, "shop");

        var details = await RunAsync(harness, new TestRunStart(target) { Coverage = true });

        details.Run.Status.ShouldBe(TestRunStatus.Passed, details.Run.Error);
        details.Results.Count.ShouldBe(3);
        var coverage = details.Coverage.ShouldNotBeNull();
        coverage.Unavailable.ShouldBeEmpty();
        var own = await CoverageReportAsync(Path.Combine(harness.Workspace.Root, "shop"));
        var stored = await harness.Services.GetRequiredService<TestCoverageService>().GetAsync(details.Run.Id, Token);
        var files = Files(stored.Tree!).ToDictionary(node => node.Path, node => node.Totals);
        files.Keys.Order(StringComparer.Ordinal).ShouldBe(own.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, (statements, missed, branches, partial)) in own)
        {
            files[path].LinesTotal.ShouldBe(statements, path);
            (files[path].LinesTotal - files[path].LinesCovered).ShouldBe(missed, path);
            files[path].BranchesTotal.ShouldBe(branches, path);
        }

        var calc = files["calc.py"];
        (calc.LinesCovered, calc.LinesTotal).ShouldBe((11, 15));
        (calc.BranchesCovered, calc.BranchesTotal).ShouldBe((4, 6));
        (calc.FunctionsCovered, calc.FunctionsTotal).ShouldBe((3, 4));
        coverage.Totals.ShouldBe(stored.Tree!.Totals);
        coverage.Goals.ShouldBeNull();
    }

    [Fact]
    public async Task StartAsync_GoalMissed_FailsTheRunNamingGoalsAndFiles()
    {
        var harness = await HarnessAsync();
        var target = PytestProject(harness, "shop");
        Directory.CreateDirectory(Path.Combine(harness.Workspace.Root, "shop", ".lightning"));
        await File.WriteAllTextAsync(Path.Combine(harness.Workspace.Root, "shop", ".lightning", "coverage.json"),
            """{ "goals": { "calc.py": 95 } }""", Token);

        var details = await RunAsync(harness, new TestRunStart(target) { Coverage = true, CoverageGoals = ["test_*.py=100", "**: 50% branches"] });

        details.Run.Status.ShouldBe(TestRunStatus.Failed);
        details.Results.ShouldAllBe(result => result.Outcome == Lightning.Testing.Results.TestOutcome.Passed);
        var error = details.Run.Error.ShouldNotBeNull();
        error.ShouldContain("Coverage goal missed: calc.py: 95% lines: 73.3% (11/15 lines), 4 more needed; below: calc.py 73.3% (11/15).");
        error.ShouldNotContain("test_*.py");
        var goals = details.Coverage!.Goals.ShouldNotBeNull();
        goals.Passed.ShouldBeFalse();
        goals.Goals.Select(goal => (goal.Goal.ToString(), goal.Passed)).ShouldBe(
            [("test_*.py: 100% lines", true), ("**: 50% branches", true), ("calc.py: 95% lines", false)]);
    }

    [Fact]
    public async Task StartAsync_InvalidGoal_IsRejectedBeforeAnythingIsRecorded()
    {
        var harness = await HarnessAsync();
        var target = PytestProject(harness, "shop");

        var invalid = await Should.ThrowAsync<Lightning.Core.Errors.LightningException>(
            harness.Runs.StartAsync(new TestRunStart(target) { Coverage = true, CoverageGoals = ["src/**: lots"] }, Token));
        var without = await Should.ThrowAsync<Lightning.Core.Errors.ValidationFailedException>(
            harness.Runs.StartAsync(new TestRunStart(target) { CoverageGoals = ["src/**=80"] }, Token));

        invalid.Code.ShouldBe("testing.coverage_goal_invalid");
        without.Errors.Keys.ShouldContain("goals");
        (await harness.Store.ListAsync(new TestRunQuery(null, null, null, 10, null), Token)).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task StartAsync_CollectorUnavailable_KeepsTheTestResultsAndSaysWhy()
    {
        var harness = await HarnessAsync();
        var target = PytestProject(harness, "shop");

        var details = await RunAsync(harness, new TestRunStart(target)
        {
            Coverage = true,
            Custom = new CustomTestCommand { Command = ["printf", "TAP version 13\n1..1\nok 1 - adds\n"], Name = "tap" },
        });

        details.Run.Status.ShouldBe(TestRunStatus.Passed, details.Run.Error);
        details.Results.ShouldHaveSingleItem().Name.ShouldBe("adds");
        var unavailable = details.Coverage.ShouldNotBeNull().Unavailable.ShouldHaveSingleItem();
        unavailable.ShouldStartWith("custom in '.': coverage unavailable: Coverage is not collected for");
        details.Coverage.Files.ShouldBe(0);
    }

    [Fact]
    public async Task StartAsync_CoverageToolMissing_NamesThePackageAndKeepsTheTestResults()
    {
        // A python3 with pytest but without coverage.py, first on the search path.
        var bin = Path.Combine(Path.GetTempPath(), "lightning-nocov-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(bin);
        try
        {
            var site = Path.Combine(bin, "site");
            Directory.CreateDirectory(Path.Combine(site, "coverage"));
            await File.WriteAllTextAsync(Path.Combine(site, "coverage", "__init__.py"), "raise ImportError('no coverage here')\n", Token);
            await File.WriteAllTextAsync(Path.Combine(bin, "python3"), $"#!/bin/sh\nPYTHONPATH={site}:$PYTHONPATH exec /usr/bin/python3 \"$@\"\n", Token);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Path.Combine(bin, "python3"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            var harness = await HarnessAsync(services => services.Configure<TestToolchainOptions>(options => options.SearchPath = bin + Path.PathSeparator + Toolchain.Path));
            var target = PytestProject(harness, "shop");

            var details = await RunAsync(harness, new TestRunStart(target) { Coverage = true });

            details.Run.Status.ShouldBe(TestRunStatus.Passed, details.Run.Error);
            details.Results.Count.ShouldBe(3);
            details.Coverage.ShouldNotBeNull().Unavailable.ShouldHaveSingleItem()
                .ShouldContain("pytest in '.': coverage unavailable: coverage.py is missing");
            details.Coverage.Unavailable[0].ShouldContain("python3-coverage");
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    [Fact]
    public async Task StartAsync_JestWithCoverage_StoresPerFileNumbersEqualToIstanbulSummary()
    {
        var jest = Toolchain.JestBinDirectory();
        var harness = await HarnessAsync(services => services.Configure<TestToolchainOptions>(options => options.SearchPath = jest + Path.PathSeparator + Toolchain.Path));
        var directory = Path.Combine(harness.Workspace.Root, "web");
        CopyDirectory(CoverageTestKit.Fixture("jest"), directory);

        var details = await RunAsync(harness, new TestRunStart(new TestTarget(harness.Workspace, "web", "web")) { Coverage = true });

        details.Run.Status.ShouldBe(TestRunStatus.Passed, details.Run.Error);
        details.Coverage.ShouldNotBeNull().Unavailable.ShouldBeEmpty();
        var stored = await harness.Services.GetRequiredService<TestCoverageService>().GetAsync(details.Run.Id, Token);
        var files = Files(stored.Tree!).ToDictionary(node => node.Path, node => node.Totals);
        var summary = await IstanbulSummaryAsync(jest, directory);
        files.Keys.Order(StringComparer.Ordinal).ShouldBe(summary.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, (lines, branches, functions)) in summary)
        {
            (files[path].LinesCovered, files[path].LinesTotal).ShouldBe(lines, path);
            (files[path].BranchesCovered, files[path].BranchesTotal).ShouldBe(branches, path);
            (files[path].FunctionsCovered, files[path].FunctionsTotal).ShouldBe(functions, path);
        }
    }

    [Fact]
    public async Task StartAsync_GoWithCoverage_MeasuresTheFunctionsGoToolCoverReports()
    {
        var harness = await HarnessAsync();
        var directory = Path.Combine(harness.Workspace.Root, "gateway");
        CopyDirectory(CoverageTestKit.Fixture("go"), directory);

        var details = await RunAsync(harness, new TestRunStart(new TestTarget(harness.Workspace, "gateway", "gateway")) { Coverage = true });

        details.Coverage.ShouldNotBeNull().Unavailable.ShouldBeEmpty();
        var report = (await harness.Services.GetRequiredService<TestCoverageStore>().ReadAsync(details.Run.Id, Token)).ShouldNotBeNull().Report.ShouldNotBeNull();
        // go tool cover -func on a profile made by go itself, independently: every function, and whether it ran.
        var own = await GoCoverFuncAsync(directory);
        own.ShouldNotBeEmpty();
        var measured = report.Files.SelectMany(file => file.Functions.Select(function => (file.Path, function.Name, function.Covered))).ToList();
        measured.Order().ShouldBe(own.Order());
        report.Files.Select(file => file.Path).ShouldContain("calc/calc.go");
    }

    [Theory]
    [InlineData("jacoco", "jacoco/jacoco.xml")]
    [InlineData("simplecov", "simplecov/resultset.json")]
    [InlineData("phpunit", "phpunit/clover.xml")]
    public async Task StartAsync_JUnitRspecPhpUnitWithCoverage_CoverWhatTheGoldenRunCovered(string tool, string golden)
    {
        var harness = await HarnessAsync();
        CopyDirectory(CoverageTestKit.Fixture(tool), Path.Combine(harness.Workspace.Root, tool));

        var details = await RunAsync(harness, new TestRunStart(new TestTarget(harness.Workspace, tool, tool)) { Coverage = true });

        details.Coverage.ShouldNotBeNull().Unavailable.ShouldBeEmpty();
        details.Results.ShouldNotBeEmpty();
        var report = (await harness.Services.GetRequiredService<TestCoverageStore>().ReadAsync(details.Run.Id, Token)).ShouldNotBeNull().Report.ShouldNotBeNull();
        var expected = (await CoverageTestKit.ReadMappedAsync(golden)).Report;
        foreach (var file in expected.Files)
        {
            var measured = report.File(file.Path).ShouldNotBeNull(file.Path);
            measured.Lines.Select(line => (line.Number, line.Covered, line.BranchesCovered, line.BranchesTotal))
                .ShouldBe(file.Lines.Select(line => (line.Number, line.Covered, line.BranchesCovered, line.BranchesTotal)), file.Path);
        }
    }

    [Fact]
    public async Task TestTool_CoverageGoalMissed_FailsTheStepNamingTheGoal()
    {
        var harness = await HarnessAsync();
        var agent = "build-runner";
        var workspace = harness.Services.GetRequiredService<Lightning.Agents.Actions.ActionExecutor>().WorkspaceOf(agent).Root;
        var directory = Path.Combine(workspace, "app");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "pytest.ini"), "[pytest]\n", Token);
        await File.WriteAllTextAsync(Path.Combine(directory, "calc.py"), CalcPy + "\n", Token);
        await File.WriteAllTextAsync(Path.Combine(directory, "test_calc.py"), TestCalcPy + "\n", Token);
        var tool = harness.Services.GetServices<Lightning.Agents.Tools.IAgentTool>().Single(t => t.Name == "test");

        var result = await tool.RunAsync(new Lightning.Agents.Tools.ToolCall(agent, JsonSerializer.SerializeToElement(
            new { operation = "run", path = "app", coverage = true, goals = new[] { "calc.py=90" } }), "key", 1, "tester"), Token);

        result.Succeeded.ShouldBeFalse();
        result.Error.ShouldBe("The test run failed: Coverage goal missed: calc.py: 90% lines: 73.3% (11/15 lines), 3 more needed; below: calc.py 73.3% (11/15).");
        var coverage = result.Output!.Value.GetProperty("coverage");
        coverage.GetProperty("goalsPassed").GetBoolean().ShouldBeFalse();
        coverage.GetProperty("totals").GetProperty("linesTotal").GetInt32().ShouldBe(23);
    }

    internal static TestTarget PytestProject(HistoryHarness harness, string path)
    {
        var directory = Path.Combine(harness.Workspace.Root, path);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "pytest.ini"), "[pytest]\n");
        File.WriteAllText(Path.Combine(directory, "calc.py"), CalcPy + "\n");
        File.WriteAllText(Path.Combine(directory, "test_calc.py"), TestCalcPy + "\n");
        return new TestTarget(harness.Workspace, path, path);
    }

    static IEnumerable<CoverageTreeNode> Files(CoverageTreeNode node) =>
        node.Kind == CoverageTreeNode.FileKind ? [node] : node.Children.SelectMany(Files);

    static async Task<TestRunDetails> RunAsync(HistoryHarness harness, TestRunStart start)
    {
        var started = await harness.Runs.StartAsync(start, Token);
        await harness.Runs.WaitAsync(started.Id, Token);
        return (await harness.Store.GetAsync(started.Id, null, Token)).ShouldNotBeNull();
    }

    /// <summary>coverage.py run again on its own (its data file elsewhere): <c>coverage report -m</c>'s rows.</summary>
    static async Task<Dictionary<string, (int Statements, int Missed, int Branches, int Partial)>> CoverageReportAsync(string directory)
    {
        var data = Path.Combine(Path.GetTempPath(), "lightning-own-" + Guid.NewGuid().ToString("N")[..8]);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["COVERAGE_FILE"] = data, ["PYTHONDONTWRITEBYTECODE"] = "1", ["PATH"] = Toolchain.Path, ["PYENV_VERSION"] = "system",
        };
        try
        {
            await RunToolAsync("/usr/bin/python3", ["-m", "coverage", "run", "--branch", "--source=.", "-m", "pytest", "-q", "-p", "no:cacheprovider"], directory, environment);
            var report = await RunToolAsync("/usr/bin/python3", ["-m", "coverage", "report", "-m"], directory, environment);
            return report.Split('\n').Select(line => CoverageRow().Match(line)).Where(match => match.Success && match.Groups["path"].Value != "TOTAL")
                .ToDictionary(match => match.Groups["path"].Value, match => (Int(match, "statements"), Int(match, "missed"), Int(match, "branches"), Int(match, "partial")));
        }
        finally
        {
            File.Delete(data);
        }
    }

    /// <summary>Jest run again on its own with istanbul's json-summary reporter: lines, branches and functions per file.</summary>
    static async Task<Dictionary<string, ((int, int) Lines, (int, int) Branches, (int, int) Functions)>> IstanbulSummaryAsync(string jestBin, string directory)
    {
        var output = Path.Combine(Path.GetTempPath(), "lightning-istanbul-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await RunToolAsync(Path.Combine(jestBin, "jest"), ["--ci", "--coverage", "--coverageReporters=json-summary", $"--coverageDirectory={output}"], directory,
                new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = Toolchain.Path }, mayFail: true);
            using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "coverage-summary.json"), Token));
            return summary.RootElement.EnumerateObject().Where(file => file.Name != "total").ToDictionary(
                file => Path.GetRelativePath(directory, file.Name).Replace('\\', '/'),
                file => (Counts(file.Value, "lines"), Counts(file.Value, "branches"), Counts(file.Value, "functions")));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }

        static (int, int) Counts(JsonElement file, string metric) =>
            (file.GetProperty(metric).GetProperty("covered").GetInt32(), file.GetProperty(metric).GetProperty("total").GetInt32());
    }

    /// <summary><c>go test -coverprofile</c> then <c>go tool cover -func</c>: (file, function, ran) for every function.</summary>
    static async Task<List<(string Path, string Name, bool Covered)>> GoCoverFuncAsync(string directory)
    {
        var profile = Path.Combine(Path.GetTempPath(), "lightning-go-" + Guid.NewGuid().ToString("N")[..8] + ".out");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = Toolchain.Path, ["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? "/tmp", ["GOFLAGS"] = "-count=1",
        };
        foreach (var name in new[] { "GOPATH", "GOCACHE", "GOMODCACHE" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                environment[name] = value;
            }
        }

        try
        {
            await RunToolAsync("go", ["test", "-covermode=count", "-coverpkg=./...", $"-coverprofile={profile}", "./..."], directory, environment, mayFail: true);
            var func = await RunToolAsync("go", ["tool", "cover", $"-func={profile}"], directory, environment);
            return [.. func.Split('\n').Select(line => GoFuncRow().Match(line)).Where(match => match.Success).Select(match => (
                match.Groups["path"].Value["example.com/cov/".Length..], match.Groups["name"].Value,
                double.Parse(match.Groups["percent"].Value, CultureInfo.InvariantCulture) > 0))];
        }
        finally
        {
            File.Delete(profile);
        }
    }

    [GeneratedRegex(@"^(?<path>example\.com/\S+?):\d+:\s+(?<name>\S+)\s+(?<percent>\d+(?:\.\d+)?)%$")]
    private static partial Regex GoFuncRow();

    static async Task<string> RunToolAsync(string program, IReadOnlyList<string> arguments, string directory, Dictionary<string, string> environment, bool mayFail = false)
    {
        var result = await Toolchain.Runner.RunAsync(new ProcessSpec(program, arguments)
        {
            WorkingDirectory = directory, Environment = environment, Timeout = TimeSpan.FromMinutes(2),
        }, null, Token);
        if (!mayFail)
        {
            result.Succeeded.ShouldBeTrue(result.Output);
        }

        return result.Output;
    }

    internal static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    static int Int(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<path>\S+)\s+(?<statements>\d+)\s+(?<missed>\d+)\s+(?<branches>\d+)\s+(?<partial>\d+)\s+\d+%")]
    private static partial Regex CoverageRow();

    async Task<HistoryHarness> HarnessAsync(Action<IServiceCollection>? services = null)
    {
        var harness = await HistoryHarness.CreateAsync(realRunner: true, services: services);
        _harnesses.Add(harness);
        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var harness in _harnesses)
        {
            await harness.DisposeAsync();
        }
    }
}

/// <summary>Coverage runs start real toolchains: one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class RunCoverageCollection
{
    public const string Name = "run coverage";
}
