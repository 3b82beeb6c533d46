using System.Globalization;
using Lightning.Core.Errors;
using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Runners;
using Lightning.Testing.Tests.Detection;

namespace Lightning.Testing.Tests.Runners;

/// <summary>The runner as a whole: bad input, missing tools, hanging tests, cancellation, several projects, no workspace.</summary>
[Collection(RunnerCollection.Name)]
public sealed class TestRunnerTests
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_UnknownFramework_ThrowsNamingTheKnownOnes()
    {
        using var kit = new RunnerKit();
        RunnerFixtures.Pytest(kit.Workspace);

        var error = await Should.ThrowAsync<LightningException>(() => kit.RunAsync(kit.Request() with { Framework = "karma" }));

        error.Code.ShouldBe("testing.unknown_framework");
        error.Message.ShouldContain("Known frameworks: pytest, jest, go-test");
    }

    [Fact]
    public async Task RunAsync_ProjectNotDetected_ThrowsListingTheDetectedOnes()
    {
        using var kit = new RunnerKit();
        RunnerFixtures.Pytest(kit.Workspace, "repo/api");

        var error = await Should.ThrowAsync<LightningException>(() => kit.RunAsync(kit.Request() with { Project = "web" }));

        error.Code.ShouldBe("testing.project_not_found");
        error.Kind.ShouldBe(ErrorKind.NotFound);
        error.Message.ShouldContain("api (pytest)");
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("/etc")]
    public async Task RunAsync_RepositoryOutsideTheWorkspace_IsRejectedBeforeAnythingRuns(string repository)
    {
        using var kit = new RunnerKit();

        var error = await Should.ThrowAsync<LightningException>(() => kit.RunAsync(kit.Request() with { Repository = repository }));

        error.Code.ShouldBe("workspace.path_rejected");
        kit.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_BadRequest_FailsValidation()
    {
        using var kit = new RunnerKit();
        RunnerFixtures.Pytest(kit.Workspace);

        var error = await Should.ThrowAsync<ValidationFailedException>(() => kit.RunAsync(kit.Request(retries: 1000) with { Timeout = TimeSpan.Zero }));

        error.Errors.Keys.ShouldBe(["retries", "timeout"], ignoreOrder: true);
    }

    [Fact]
    public async Task RunAsync_ToolchainMissing_EndsEachProjectNamingThePackage()
    {
        using var kit = new RunnerKit(searchPath: "/nonexistent");
        RunnerFixtures.Pytest(kit.Workspace, "repo/py");
        RunnerFixtures.Go(kit.Workspace, "repo/go");
        RunnerFixtures.Rspec(kit.Workspace, "repo/rb");

        var results = await kit.RunAsync(kit.Request());

        results.Select(result => result.Project.Root).ShouldBe(["go", "py", "rb"]);
        results.Single(result => result.Project.Root == "py").Error.ShouldNotBeNull().ShouldContain("install the Debian package python3-pytest");
        results.Single(result => result.Project.Root == "go").Error.ShouldNotBeNull().ShouldContain("install the Debian package golang-go");
        results.Single(result => result.Project.Root == "rb").Error.ShouldNotBeNull().ShouldContain("install the Debian package ruby-rspec");
        results.ShouldAllBe(result => result.ExitCode == null && result.Run.EnumerateCases().Count() == 0);
        kit.Events.OfType<RunStartedEvent>().Count().ShouldBe(3);
        kit.Events.OfType<RunFinishedEvent>().Count().ShouldBe(3);
    }

    [Fact]
    public async Task RunAsync_FrameworkAndProject_NarrowAMonorepo()
    {
        using var kit = new RunnerKit();
        RunnerFixtures.Pytest(kit.Workspace, "repo/py");
        RunnerFixtures.Go(kit.Workspace, "repo/go");

        var byFramework = await kit.RunAsync(kit.Request() with { Framework = "go" });
        var byProject = await kit.RunAsync(kit.Request() with { Project = "./py/" });

        byFramework.ShouldHaveSingleItem().Project.Root.ShouldBe("go");
        byProject.ShouldHaveSingleItem().Project.Root.ShouldBe("py");
        byProject[0].Run.Totals.Total.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task RunAsync_SeveralProjects_TagEachEventWithItsProject()
    {
        using var kit = new RunnerKit();
        RunnerFixtures.Pytest(kit.Workspace, "repo/py");
        RunnerFixtures.Go(kit.Workspace, "repo/go");
        var events = new List<(string Project, TestEvent Event)>();

        var results = await kit.Runner.RunAsync(kit.Request(), (project, testEvent) =>
        {
            events.Add((project, testEvent));
            return ValueTask.CompletedTask;
        }, Cancellation);

        results.Count.ShouldBe(2);
        foreach (var result in results)
        {
            var own = events.Where(entry => entry.Project == result.Project.Root).Select(entry => entry.Event).ToList();
            own[0].ShouldBeOfType<RunStartedEvent>();
            own[^1].ShouldBeOfType<RunFinishedEvent>().Totals.ShouldBe(result.Run.Totals);
            own.OfType<CaseStartedEvent>().Count().ShouldBe(result.Run.Totals.Total);
        }
    }

    [Fact]
    public async Task RunAsync_NoWorkspace_TakesAnAbsoluteRepositoryAsItsOwn()
    {
        using var kit = new RunnerKit();
        RunnerFixtures.Pytest(kit.Workspace);

        var result = await kit.RunSingleAsync(new TestRunRequest { Repository = kit.Repository, Tests = ["tests/test_calc.py::test_passes"] });
        var relative = await Should.ThrowAsync<LightningException>(() => kit.RunAsync(new TestRunRequest { Repository = "repo" }));

        result.Run.Totals.Passed.ShouldBe(1);
        relative.Code.ShouldBe("workspace.path_rejected");
    }

    [Fact]
    public async Task RunAsync_UnsupportedFramework_SaysToUseTheCustomRunner()
    {
        using var kit = new RunnerKit();
        kit.Workspace.Write("repo/package.json", """{ "devDependencies": { "vitest": "^1.0.0" } }""").Write("repo/sum.test.js", "test('x', () => {});\n");

        var result = await kit.RunSingleAsync(kit.Request());

        result.Project.Name.ShouldBe("vitest");
        result.Error.ShouldNotBeNull().ShouldContain("use the custom runner");
    }

    [Fact]
    public async Task RunAsync_PreparationFails_SaysWhichStepAndWhy()
    {
        using var kit = new RunnerKit();
        RunnerFixtures.JUnit(kit.Workspace);
        kit.Workspace.Write("repo/src/main/java/com/example/Broken.java", "package com.example;\n\nclass Broken { int x = ; }\n");

        var result = await kit.RunSingleAsync(kit.Request());

        result.Error.ShouldNotBeNull().ShouldStartWith("Preparing JUnit 5 in '.' failed: ");
        result.Error.ShouldContain("exited with code 1");
        result.Error.ShouldContain("Broken.java");
        result.ExitCode.ShouldBeNull();
    }

    [Theory]
    [InlineData("pytest", 5)]
    [InlineData("go-test", 30)]
    public async Task RunAsync_TestHangs_TimesOutAndKillsTheProcessTree(string framework, int seconds)
    {
        using var kit = new RunnerKit();
        var pids = Hanging(kit.Workspace, framework);

        var result = await kit.RunSingleAsync(kit.Request() with { Timeout = TimeSpan.FromSeconds(seconds) });

        result.TimedOut.ShouldBeTrue();
        result.Error.ShouldNotBeNull().ShouldContain("timed out");
        result.Error.ShouldContain("process tree was killed");
        var (test, child) = ReadPids(pids);
        ShouldBeGone(test);
        ShouldBeGone(child);
        kit.Events[^1].ShouldBeOfType<RunFinishedEvent>();
        var id = framework == "pytest" ? "tests.test_hang::test_hangs" : "example.com/hang::TestHangs";
        kit.Events.OfType<CaseStartedEvent>().ShouldContain(started => started.Id == id && started.At != null);
        RunnerKit.Case(result.Run, id).Outcome.ShouldBe(TestOutcome.Errored);
    }

    [Fact]
    public async Task RunAsync_Cancelled_KillsTheProcessTreeAndThrows()
    {
        using var kit = new RunnerKit();
        var pids = Hanging(kit.Workspace, "pytest");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);

        var run = kit.RunAsync(kit.Request(), cancel.Token);
        while (!File.Exists(pids) || new FileInfo(pids).Length == 0)
        {
            run.IsCompleted.ShouldBeFalse("the run ended before the hanging test started");
            await Task.Delay(50, Cancellation);
        }

        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => run);
        var (test, child) = ReadPids(pids);
        ShouldBeGone(test);
        ShouldBeGone(child);
        var finished = kit.Events[^1].ShouldBeOfType<RunFinishedEvent>();
        finished.Messages.ShouldHaveSingleItem().Text.ShouldContain("cancelled");
    }

    [Fact]
    public async Task RunAsync_OutputFlood_IsStoppedAtTheLimitAndKeptBounded()
    {
        using var kit = new RunnerKit(options: new TestRunnerOptions { MaxProcessOutputBytes = 1024 * 1024, MaxKeptOutputChars = 1000 });
        kit.Workspace.Write("repo/flood.py", """
            for i in range(1000000):
                print("line %d of noise" % i)
            """);

        var result = await kit.RunSingleAsync(kit.Request() with { Custom = new CustomTestCommand { Command = ["python3", "flood.py"] } });

        result.Error.ShouldNotBeNull().ShouldContain("wrote more than 1048576 bytes of output: the process tree was killed");
        result.Run.Stdout.ShouldNotBeNull().ShouldStartWith("[... ");
        result.Run.Stdout.Length.ShouldBeLessThan(1100);
        kit.Events.OfType<OutputEvent>().Sum(output => output.Text.Length).ShouldBeGreaterThan(1000);
    }

    [Fact]
    public async Task RunAsync_ProgramCannotStart_IsTheProjectsError()
    {
        using var kit = new RunnerKit();
        kit.Workspace.Write("repo/not-executable.sh", "echo hi\n");

        var result = await kit.RunSingleAsync(kit.Request() with { Custom = new CustomTestCommand { Command = ["./not-executable.sh"] } });

        result.Error.ShouldNotBeNull().ShouldContain("could not run: Cannot start");
    }

    /// <summary>A test that starts a child (sleep) and hangs; both write their process ids to the file returned.</summary>
    static string Hanging(FixtureWorkspace workspace, string framework)
    {
        if (framework == "pytest")
        {
            workspace.Write("repo/pytest.ini", "[pytest]\n").Write("repo/tests/test_hang.py", """
                import os
                import pathlib
                import subprocess
                import time


                def test_hangs():
                    child = subprocess.Popen(["sleep", "300"])
                    (pathlib.Path(__file__).parent / "pids.txt").write_text(f"{os.getpid()} {child.pid}")
                    time.sleep(300)
                """);
            return workspace.Full("repo/tests/pids.txt");
        }

        workspace.Write("repo/go.mod", "module example.com/hang\n\ngo 1.19\n").Write("repo/hang_test.go", """
            package hang

            import (
                "fmt"
                "os"
                "os/exec"
                "testing"
                "time"
            )

            func TestHangs(t *testing.T) {
                child := exec.Command("sleep", "300")
                if err := child.Start(); err != nil {
                    t.Fatal(err)
                }
                os.WriteFile("pids.txt", []byte(fmt.Sprintf("%d %d", os.Getpid(), child.Process.Pid)), 0o644)
                time.Sleep(300 * time.Second)
            }
            """);
        return workspace.Full("repo/pids.txt");
    }

    static (int Test, int Child) ReadPids(string path)
    {
        File.Exists(path).ShouldBeTrue("the hanging test never started");
        var parts = File.ReadAllText(path).Split(' ');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary>Gone, or a zombie waiting for a parent that no longer cares (killed, it runs nothing).</summary>
    static void ShouldBeGone(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        for (var i = 0; i < 50 && File.Exists(stat); i++)
        {
            string text;
            try
            {
                text = File.ReadAllText(stat);
            }
            catch (IOException)
            {
                return;
            }

            if (text[(text.LastIndexOf(')') + 2)..].StartsWith('Z'))
            {
                return;
            }

            Thread.Sleep(100);
        }

        File.Exists(stat).ShouldBeFalse($"process {pid} is still running");
    }
}
