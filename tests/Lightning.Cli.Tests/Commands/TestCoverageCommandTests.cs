using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lightning.TestUtilities;

namespace Lightning.Cli.Tests.Commands;

/// <summary><c>lightning test coverage</c> and <c>test run --coverage</c> on a pytest project with the real runner and coverage.py, in this process.</summary>
public sealed class TestCoverageCommandTests(CliServerFixture server) : IDisposable
{
    const string CalcPy = """
        def add(a, b):
            return a + b


        def divide(a, b):
            if b == 0:
                raise ZeroDivisionError("b is zero")
            return a / b


        def unused(x):
            y = x * 2
            return y

        """;

    const string TestCalcPy = """
        from calc import add, divide


        def test_add():
            assert add(1, 2) == 3


        def test_divide():
            assert divide(6, 3) == 2

        """;

    readonly TempDirectory _temp = new();

    static CancellationToken Token => TestContext.Current.CancellationToken;

    string Data => _temp.Combine("data");

    [Fact]
    public async Task Coverage_PassingTests_PrintsFilesWorstFirstTotalsAndSuggestions()
    {
        var project = Project();

        var shown = await RunAsync("test", "coverage", project, "--html", _temp.Combine("html"));
        var id = JsonDocument.Parse((await RunAsync("test", "history", "--json")).Stdout).RootElement.GetProperty("items")[0].GetProperty("id").GetString()!;
        var again = await RunAsync("test", "coverage", "--run", id, "--json");

        shown.ExitCode.ShouldBe(ExitCodes.Ok, shown.ToString());
        shown.Stdout.ShouldContain($"of {project}: passed, 2 passed");
        var rows = shown.Stdout.Split('\n').SkipWhile(line => !line.StartsWith("FILE", StringComparison.Ordinal)).Skip(1).TakeWhile(line => line.Length > 0).ToList();
        rows.Select(row => row.Split(' ', 2)[0]).ShouldBe(["calc.py", "test_calc.py", "TOTAL"]);
        rows[0].ShouldContain("6/9");
        rows[0].ShouldContain("66.7%");
        rows[0].ShouldContain("1/2");
        shown.Stdout.ShouldContain("Where tests would add most:");
        shown.Stdout.ShouldContain("unused (never called)");
        shown.Stdout.ShouldContain("calc.py:11");
        File.ReadAllText(_temp.Combine("html", "index.html")).ShouldContain("calc.py");
        again.ExitCode.ShouldBe(ExitCodes.Ok, again.ToString());
        var json = JsonDocument.Parse(again.Stdout).RootElement;
        json.GetProperty("coverage").GetProperty("totals").GetProperty("linesCovered").GetInt32().ShouldBe(11);
        json.GetProperty("suggestions")[0].GetProperty("function").GetString().ShouldBe("unused");
    }

    [Fact]
    public async Task Coverage_GoalMissed_ExitsOneNamingTheGoalAndFiles()
    {
        var project = Project();

        var missed = await RunAsync("test", "coverage", project, "--goal", "calc.py=90", "--goal", "test_*.py: 100% lines");
        var run = await RunAsync("test", "run", "--path", project, "--coverage");

        missed.ExitCode.ShouldBe(ExitCodes.Failure, missed.ToString());
        missed.Stdout.ShouldContain("Coverage goals: MISSED.");
        missed.Stdout.ShouldContain("FAILED calc.py: 90% lines: 66.7% (6/9 lines), 3 more needed.");
        missed.Stdout.ShouldContain("  calc.py: 66.7% (6/9), 3 more to reach 90%");
        missed.Stdout.ShouldContain("passed test_*.py: 100% lines");
        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldContain("Coverage: 78.6% lines (11/14), 50.0% branches (1/2)");
    }

    [Fact]
    public async Task Coverage_BadInput_OneLineAndExitCode()
    {
        var project = Project();

        var goal = await RunAsync("test", "coverage", project, "--goal", "src: most");
        var unknown = await RunAsync("test", "coverage", "--run", "trun_nope");
        var serverWithoutRun = await RunAsync("test", "coverage", project, "--server", "http://127.0.0.1:9");
        var missing = await RunAsync("test", "coverage", _temp.Combine("nope"));

        goal.ExitCode.ShouldBe(ExitCodes.InvalidRequest, goal.ToString());
        goal.ErrorLines.ShouldHaveSingleItem().ShouldContain("Coverage goal 'src: most' is invalid");
        unknown.ExitCode.ShouldBe(ExitCodes.NotFound, unknown.ToString());
        serverWithoutRun.ExitCode.ShouldBe(ExitCodes.Usage, serverWithoutRun.ToString());
        missing.ExitCode.ShouldBe(ExitCodes.NotFound, missing.ToString());
    }

    [Fact]
    public async Task Coverage_RunOnServer_ReadsTheServersCoverage()
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminKey);
        var repository = "cli-coverage-" + Guid.NewGuid().ToString("N")[..8];
        using var report = new StringContent("""<testsuites><testsuite name="ci"><testcase classname="c" name="t"/></testsuite></testsuites>""", Encoding.UTF8, "application/xml");
        var imported = await http.PostAsync($"api/v2/testing/runs/import?repository={repository}&file=ci.xml", report, Token);
        var id = JsonDocument.Parse(await imported.Content.ReadAsStringAsync(Token)).RootElement.GetProperty("id").GetString()!;
        using var lcov = new StringContent("SF:lib/a.js\nFN:1,a\nFNDA:0,a\nDA:1,0\nDA:2,0\nend_of_record\nSF:lib/b.js\nDA:1,4\nend_of_record\n");
        (await http.PostAsync($"api/v2/testing/runs/{id}/coverage/import?file=lcov.info", lcov, Token)).EnsureSuccessStatusCode();

        var shown = await server.RunAsync(["test", "coverage", "--run", id, "--server", server.Url]);

        shown.ExitCode.ShouldBe(ExitCodes.Ok, shown.ToString());
        var rows = shown.Stdout.Split('\n').SkipWhile(line => !line.StartsWith("FILE", StringComparison.Ordinal)).Skip(1).TakeWhile(line => line.Length > 0).ToList();
        rows.Select(row => row.Split(' ', 2)[0]).ShouldBe(["lib/a.js", "lib/b.js", "TOTAL"]);
        rows[2].ShouldContain("1/3");
        shown.Stdout.ShouldContain("a (never called)");
    }

    public void Dispose() => _temp.Dispose();

    string Project()
    {
        var directory = _temp.Combine("calc");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "pytest.ini"), "[pytest]\n");
        File.WriteAllText(Path.Combine(directory, "calc.py"), CalcPy);
        File.WriteAllText(Path.Combine(directory, "test_calc.py"), TestCalcPy);
        return directory;
    }

    Task<CliRun> RunAsync(params string[] args) =>
        CliRun.ExecuteAsync([.. args, "--data", Data], new Dictionary<string, string?>(), Token);
}
