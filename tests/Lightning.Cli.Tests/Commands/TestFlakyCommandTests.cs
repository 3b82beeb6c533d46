using System.Text.Json;
using Lightning.Cli.Commands;
using Lightning.TestUtilities;

namespace Lightning.Cli.Tests.Commands;

/// <summary><c>lightning test flaky</c> on a pytest fixture with the real runner, recording into a temp data directory.</summary>
public sealed class TestFlakyCommandTests : IDisposable
{
    readonly TempDirectory _temp = new();

    static CancellationToken Token => TestContext.Current.CancellationToken;

    string Data => _temp.Combine("data");

    [Fact]
    public async Task Flaky_DetectQuarantineReportRelease_OnARealSuite()
    {
        var marker = _temp.Combine("marker");
        var project = Project($$"""
            import os

            def test_sometimes():
                if not os.path.exists({{JsonSerializer.Serialize(marker)}}):
                    open({{JsonSerializer.Serialize(marker)}}, "w").close()
                    assert False, "first run fails"

            def test_always():
                assert 1 == 2, "always broken"
            """);

        var first = await RunAsync("test", "run", "--path", project);
        var listed = await RunAsync("test", "flaky", project);
        var detected = await RunAsync("test", "flaky", project, "--detect", "--reruns", "2");
        var quarantined = await RunAsync("test", "flaky", "--path", project, "--quarantine", "test_calc::test_always", "--reason", "upstream bug #7", "--until", "2099-01-01");
        var second = await RunAsync("test", "run", "--path", project);
        var report = await RunAsync("test", "flaky", project, "--report", "--shards", "2");
        var json = await RunAsync("test", "flaky", project, "--json");
        var released = await RunAsync("test", "flaky", project, "--release", "test_calc::test_always");

        first.ExitCode.ShouldBe(ExitCodes.Failure, first.ToString());
        listed.ExitCode.ShouldBe(ExitCodes.Ok, listed.ToString());
        listed.Stdout.ShouldContain("inconclusive");
        detected.ExitCode.ShouldBe(ExitCodes.Ok, detected.ToString());
        detected.Stdout.ShouldContain("It failed in run");
        detected.Stdout.ShouldContain("1 flaky of 2 tests with failures; 3 rerun(s) for 2 failure(s) (1.50 per failure)");
        quarantined.Stdout.ShouldStartWith("Quarantined test_calc::test_always: upstream bug #7 (until 2099-01-01 00:00Z).");
        second.ExitCode.ShouldBe(ExitCodes.Ok, second.ToString()); // the broken test still ran and failed, but is quarantined
        report.ExitCode.ShouldBe(ExitCodes.Ok, report.ToString());
        report.Stdout.ShouldContain($"Suite report for {project}: 2 tests over the last 2 run(s)");
        report.Stdout.ShouldContain("test_calc::test_always  by ");
        report.Stdout.ShouldContain("Parallel: 2 shards");
        var verdicts = JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray().ToDictionary(v => v.GetProperty("id").GetString()!, v => v.GetProperty("status").GetString());
        verdicts["test_calc::test_sometimes"].ShouldBe("flaky");
        verdicts["test_calc::test_always"].ShouldBe("broken");
        released.Stdout.ShouldBe("Released test_calc::test_always from quarantine.\n");
    }

    [Fact]
    public async Task Flaky_BadInput_OneLineAndTheRightExitCode()
    {
        var project = Project("def test_ok():\n    assert True\n");

        var noReason = await RunAsync("test", "flaky", project, "--quarantine", "t::a");
        var rerunsAlone = await RunAsync("test", "flaky", project, "--reruns", "2");
        var two = await RunAsync("test", "flaky", project, "--detect", "--report");
        var badDate = await RunAsync("test", "flaky", project, "--quarantine", "t::a", "--reason", "x", "--until", "someday");
        var notQuarantined = await RunAsync("test", "flaky", project, "--release", "t::a");
        var missing = await RunAsync("test", "flaky", _temp.Combine("nope"));
        var empty = await RunAsync("test", "flaky", project);

        noReason.ExitCode.ShouldBe(ExitCodes.Usage, noReason.ToString());
        noReason.Stderr.ShouldContain("--quarantine needs --reason");
        rerunsAlone.ExitCode.ShouldBe(ExitCodes.Usage, rerunsAlone.ToString());
        two.ExitCode.ShouldBe(ExitCodes.Usage, two.ToString());
        badDate.Stderr.ShouldContain("--until 'someday' is not a date");
        notQuarantined.ExitCode.ShouldBe(ExitCodes.NotFound, notQuarantined.ToString());
        notQuarantined.ErrorLines.ShouldHaveSingleItem().ShouldContain("is not in quarantine");
        missing.ExitCode.ShouldBe(ExitCodes.NotFound, missing.ToString());
        empty.Stdout.ShouldStartWith("No flaky test known for");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    string Project(string tests)
    {
        var directory = _temp.Combine("calc");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "pytest.ini"), "[pytest]\n");
        File.WriteAllText(Path.Combine(directory, "test_calc.py"), tests);
        return directory;
    }

    Task<CliRun> RunAsync(params string[] args) =>
        CliRun.ExecuteAsync([.. args, "--data", Data], new Dictionary<string, string?>(), Token);
}
