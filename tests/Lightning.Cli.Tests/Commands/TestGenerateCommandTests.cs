using System.Text.Json;
using Lightning.Cli.Commands;
using Lightning.TestUtilities;

namespace Lightning.Cli.Tests.Commands;

/// <summary><c>lightning test generate</c> on a pytest fixture with the real python3, pytest and coverage.py, in this process.</summary>
public sealed class TestGenerateCommandTests : IDisposable
{
    const string Parse = """
        def clamp(value: int, low: int = 0, high: int = 10) -> int:
            if value < low:
                return low
            if value > high:
                return high
            return value


        def parse_int(text: str) -> int:
            if not text:
                raise ValueError("empty")
            return int(text)
        """;

    readonly TempDirectory _temp = new();

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Generate_PrintsTheReportAndWritesOnlyWithWrite()
    {
        var project = Project();

        var dry = await RunAsync("test", "generate", project, "--file", "calc/parse.py", "--max", "4", "--no-model");

        dry.ExitCode.ShouldBe(ExitCodes.Ok, dry.ToString());
        dry.Stdout.ShouldStartWith("ID  STATUS");
        dry.Stdout.ShouldContain("4 candidates (pytest): 4 compiled, 4 passed 5 runs out of 5");
        dry.Stdout.ShouldContain("Nothing written: run again with --write");
        File.Exists(Path.Combine(project, "tests", "test_parse_generated.py")).ShouldBeFalse();

        var written = await RunAsync("test", "generate", project, "--file", "calc/parse.py", "--max", "4", "--no-model", "--write", "--json");

        written.ExitCode.ShouldBe(ExitCodes.Ok, written.ToString());
        using var document = JsonDocument.Parse(written.Stdout);
        document.RootElement.GetProperty("written")[0].GetString().ShouldBe("tests/test_parse_generated.py");
        document.RootElement.GetProperty("report").GetProperty("tried").GetInt32().ShouldBe(4);
        File.ReadAllText(Path.Combine(project, "tests", "test_parse_generated.py")).ShouldContain("from calc.parse import");
    }

    [Fact]
    public async Task Generate_PathToASourceFile_GeneratesForThatFileOfTheProjectInPath()
    {
        var project = Project();

        var result = await RunAsync("test", "generate", "calc/parse.py", "--path", project, "--max", "2", "--no-model");

        result.ExitCode.ShouldBe(ExitCodes.Ok, result.ToString());
        result.Stdout.ShouldContain("2 candidates (pytest)");
        result.Stdout.ShouldContain("calc/parse.py");
    }

    [Fact]
    public async Task Generate_BadInput_OneLineAndTheRightExitCode()
    {
        var project = Project();

        var language = await RunAsync("test", "generate", project, "--language", "cobol");
        var outside = await RunAsync("test", "generate", project, "--file", "../../etc/passwd");
        var missing = await RunAsync("test", "generate", _temp.Combine("nope"));

        language.ExitCode.ShouldBe(ExitCodes.InvalidRequest, language.ToString());
        language.ErrorLines.ShouldHaveSingleItem().ShouldContain("Unknown language 'cobol'");
        outside.ExitCode.ShouldBe(ExitCodes.InvalidRequest, outside.ToString());
        outside.ErrorLines.ShouldHaveSingleItem().ShouldContain("outside the workspace");
        missing.ExitCode.ShouldBe(ExitCodes.NotFound, missing.ToString());
    }

    [Fact]
    public async Task Generate_CtrlC_KillsItsProcessesPrintsWhatWasJudgedAndExits130()
    {
        var project = Project();
        // pytest's collection (the first filter) hangs: conftest writes its pid, then sleeps.
        var pidFile = _temp.Combine("collecting.pid");
        File.WriteAllText(Path.Combine(project, "tests", "conftest.py"),
            $"import os, time\nwith open({JsonSerializer.Serialize(pidFile)}, 'w') as f:\n    f.write(str(os.getpid()))\ntime.sleep(120)\n");
        var before = Directory.GetFiles(project, "*", SearchOption.AllDirectories).Order().ToList();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var running = CliRun.Start(["test", "generate", project, "--file", "calc/parse.py", "--max", "3", "--no-model", "--data", _temp.Combine("data")],
            new Dictionary<string, string?>(), cancel.Token);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(pidFile) || File.ReadAllText(pidFile).Length == 0)
        {
            running.Result.IsCompleted.ShouldBeFalse(running.StdoutSoFar + running.StderrSoFar);
            DateTime.UtcNow.ShouldBeLessThan(deadline, "generation never reached pytest's collection");
            await Task.Delay(100, Token);
        }

        var pid = int.Parse(File.ReadAllText(pidFile), System.Globalization.CultureInfo.InvariantCulture);
        await cancel.CancelAsync();
        var result = await running.Result.WaitAsync(TimeSpan.FromSeconds(30), Token);

        result.ExitCode.ShouldBe(ExitCodes.Cancelled, result.ToString());
        result.Stdout.ShouldStartWith("ID  STATUS");
        result.Stdout.ShouldContain("not judged");
        result.Stdout.ShouldContain("3 candidates (pytest): 0 compiled");
        result.Stdout.ShouldNotContain("Lines of");
        result.Stderr.ShouldContain("note: Cancelled (Ctrl+C)");
        result.ErrorLines[^1].ShouldBe("Cancelled.");
        // The hung pytest was killed with the generation, and nothing was written into the project.
        var gone = DateTime.UtcNow.AddSeconds(10);
        while (File.Exists($"/proc/{pid}/status") && !File.ReadAllText($"/proc/{pid}/status").Contains("State:\tZ", StringComparison.Ordinal) && DateTime.UtcNow < gone)
        {
            await Task.Delay(100, Token);
        }

        (File.Exists($"/proc/{pid}/status") && !File.ReadAllText($"/proc/{pid}/status").Contains("State:\tZ", StringComparison.Ordinal)).ShouldBeFalse($"pytest (pid {pid}) still runs");
        Directory.GetFiles(project, "*", SearchOption.AllDirectories).Order().ShouldBe(before);
    }

    string Project()
    {
        var directory = _temp.Combine("shop");
        Directory.CreateDirectory(Path.Combine(directory, "calc"));
        Directory.CreateDirectory(Path.Combine(directory, "tests"));
        File.WriteAllText(Path.Combine(directory, "pytest.ini"), "[pytest]\n");
        File.WriteAllText(Path.Combine(directory, "calc", "__init__.py"), string.Empty);
        File.WriteAllText(Path.Combine(directory, "calc", "parse.py"), Parse);
        File.WriteAllText(Path.Combine(directory, "tests", "test_parse.py"), "from calc.parse import clamp\n\n\ndef test_inside():\n    assert clamp(5) == 5\n");
        return directory;
    }

    Task<CliRun> RunAsync(params string[] args) =>
        CliRun.ExecuteAsync([.. args, "--data", _temp.Combine("data")], new Dictionary<string, string?>(), Token);
}
