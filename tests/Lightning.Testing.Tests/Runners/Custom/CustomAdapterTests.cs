using Lightning.Core.Errors;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Runners;

namespace Lightning.Testing.Tests.Runners.Custom;

/// <summary>The custom runner over small Python programs standing in for a user's test command.</summary>
[Collection(RunnerCollection.Name)]
public sealed class CustomAdapterTests
{
    const string JUnitReport = """<testsuite name="suite"><testcase classname="calc" name="adds"/><testcase classname="calc" name="divides"><failure message="by zero">trace</failure></testcase></testsuite>""";

    static TestRunRequest Custom(RunnerKit kit, string script, params string[] reports) => new()
    {
        Workspace = kit.Workspace.Workspace,
        Repository = "repo",
        Custom = new CustomTestCommand { Command = ["python3", script], Reports = reports, Name = "acceptance" },
    };

    [Fact]
    public async Task RunAsync_JUnitXmlMatchingTheGlob_IsTheResult()
    {
        using var kit = new RunnerKit();
        kit.Workspace.Write("repo/run.py", $"""
            import pathlib
            pathlib.Path("out").mkdir(exist_ok=True)
            pathlib.Path("out/junit.xml").write_text('{JUnitReport}')
            print("ran")
            """);

        var result = await kit.RunSingleAsync(Custom(kit, "run.py", "out/*.xml"));

        result.Error.ShouldBeNull();
        result.Project.Name.ShouldBe("acceptance");
        RunnerKit.Outcomes(result.Run).ShouldBe(new Dictionary<string, string> { ["calc::adds"] = "passed", ["calc::divides"] = "failed" }, ignoreOrder: true);
        result.Run.Stdout.ShouldNotBeNull().ShouldContain("ran");
        // Nothing said which tests ran until the report was read: the stream has them from the report, with no time.
        kit.LiveOutcomes().ShouldBeEmpty();
        RunnerKit.Outcomes(kit.Assembled()).ShouldBe(RunnerKit.Outcomes(result.Run), ignoreOrder: true);
    }

    [Fact]
    public async Task RunAsync_ReportWrittenToTheReportDirectory_IsReadWithoutTouchingTheRepository()
    {
        using var kit = new RunnerKit();
        kit.Workspace.Write("repo/run.py", $"""
            import os, pathlib
            (pathlib.Path(os.environ["LIGHTNING_REPORT_DIR"]) / "results.xml").write_text('{JUnitReport}')
            """);

        var result = await kit.RunSingleAsync(Custom(kit, "run.py"));

        result.Run.Totals.Total.ShouldBe(2);
        Directory.EnumerateFileSystemEntries(kit.Repository).Select(Path.GetFileName).ShouldBe(["run.py"]);
    }

    [Fact]
    public async Task RunAsync_TapOnStdout_IsFollowedLiveAndAgreesWithTheReport()
    {
        using var kit = new RunnerKit();
        kit.Workspace.Write("repo/run.py", """
            import sys, time
            lines = [
                "TAP version 14",
                "1..4",
                "ok 1 - adds",
                "not ok 2 - divides",
                "  ---",
                "  message: by zero",
                "  ...",
                "ok 3 - later # SKIP not today",
                "# Subtest: group",
                "    ok 1 - inner",
                "    not ok 2 - inner fails # TODO not written",
                "    1..2",
                "ok 4 - group",
            ]
            for line in lines:
                print(line, flush=True)
                time.sleep(0.05)
            """);

        var result = await kit.RunSingleAsync(Custom(kit, "run.py"));

        result.Error.ShouldBeNull();
        var outcomes = RunnerKit.Outcomes(result.Run);
        outcomes.ShouldBe(new Dictionary<string, string>
        {
            ["adds"] = "passed",
            ["divides"] = "failed",
            ["later"] = "skipped",
            ["group::inner"] = "passed",
            ["group::inner fails"] = "skipped",
        }, ignoreOrder: true);
        kit.LiveOutcomes().ShouldBe(outcomes, ignoreOrder: true);
    }

    [Fact]
    public async Task RunAsync_OnlyStaleReports_HasNoReport()
    {
        using var kit = new RunnerKit();
        kit.Workspace.Write("repo/out/old.xml", JUnitReport).Write("repo/run.py", "print('nothing to report')\n");
        File.SetLastWriteTimeUtc(kit.Workspace.Full("repo/out/old.xml"), DateTime.UtcNow.AddDays(-1));

        var result = await kit.RunSingleAsync(Custom(kit, "run.py", "out/*.xml"));

        result.Error.ShouldNotBeNull().ShouldContain("wrote no report (exit code 0)");
        result.Run.EnumerateCases().ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_MalformedReport_ErrorNamesTheFileAndLine()
    {
        using var kit = new RunnerKit();
        kit.Workspace.Write("repo/run.py", """
            import os, pathlib
            (pathlib.Path(os.environ["LIGHTNING_REPORT_DIR"]) / "broken.xml").write_text('<testsuite name="s">\n<testcase classname="c"/>\n</testsuite>')
            """);

        var result = await kit.RunSingleAsync(Custom(kit, "run.py"));

        result.Error.ShouldNotBeNull().ShouldEndWith("broken.xml:2: A <testcase> has no name attribute.");
        kit.Events[^1].ShouldBeOfType<RunFinishedEvent>().Messages.ShouldContain(message => message.Text == result.Error);
    }

    [Fact]
    public async Task RunAsync_ProgramMissing_SaysSo()
    {
        using var kit = new RunnerKit();
        kit.Workspace.Write("repo/readme.txt", "no tests here\n");

        var result = await kit.RunSingleAsync(kit.Request() with { Custom = new CustomTestCommand { Command = ["no-such-test-tool", "--all"] } });

        result.Error.ShouldNotBeNull().ShouldContain("no-such-test-tool is not on the PATH");
    }

    [Fact]
    public async Task RunAsync_BadCustomRequests_AreRejected()
    {
        using var kit = new RunnerKit();
        kit.Workspace.Write("repo/run.py", "print('1..0')\n");

        var outside = await Should.ThrowAsync<LightningException>(() =>
            kit.RunAsync(Custom(kit, "run.py") with { Custom = new CustomTestCommand { Command = ["python3", "run.py"], Directory = "../.." } }));
        var selection = await Should.ThrowAsync<ValidationFailedException>(() => kit.RunAsync(Custom(kit, "run.py") with { Tests = ["x"] }));
        var glob = await Should.ThrowAsync<ValidationFailedException>(() => kit.RunAsync(Custom(kit, "run.py", "../*.xml")));

        outside.Code.ShouldBe("workspace.path_rejected");
        selection.Errors.Keys.ShouldBe(["tests"]);
        glob.Errors.Keys.ShouldBe(["custom.reports"]);
    }
}
