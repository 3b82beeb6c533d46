using Lightning.Core.Processes;
using Lightning.Testing.Detection;

namespace Lightning.Testing.Tests.Detection;

/// <summary>
/// The commands detection writes are the ones that run the tests: each fixture is detected, its toolchain probed, and
/// the resolved preparation and command run for real in the project's directory.
/// </summary>
public sealed class DetectedCommandTests
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("pytest", "1 passed")]
    [InlineData("go-test", "ok  \texample.com/calc")]
    [InlineData("junit5", "1 tests successful")]
    [InlineData("rspec", "1 example, 0 failures")]
    [InlineData("phpunit", "OK (1 test, 1 assertion)")]
    public async Task RunDetectedCommand_PassingFixture_Passes(string framework, string expected)
    {
        using var workspace = new FixtureWorkspace();
        Write(workspace, framework, failing: false);

        var result = await RunDetectedAsync(workspace, Toolchain.Path);

        result.Output.ShouldContain(expected);
        result.Succeeded.ShouldBeTrue(result.Output);
    }

    [Theory]
    [InlineData("pytest", "1 failed")]
    [InlineData("go-test", "FAIL")]
    public async Task RunDetectedCommand_FailingFixture_Fails(string framework, string expected)
    {
        using var workspace = new FixtureWorkspace();
        Write(workspace, framework, failing: true);

        var result = await RunDetectedAsync(workspace, Toolchain.Path);

        result.Outcome.ShouldBe(ProcessOutcome.Exited);
        result.ExitCode.ShouldNotBe(0);
        result.Output.ShouldContain(expected);
    }

    [Fact]
    public async Task RunDetectedCommand_JestFixture_Passes()
    {
        var jestBin = Toolchain.JestBinDirectory();
        using var workspace = new FixtureWorkspace();
        Fixtures.Jest(workspace, "repo");

        var result = await RunDetectedAsync(workspace, jestBin + Path.PathSeparator + Toolchain.Path);

        result.Succeeded.ShouldBeTrue(result.Output);
        result.Output.ShouldContain("Tests:       1 passed, 1 total");
    }

    static void Write(FixtureWorkspace workspace, string framework, bool failing)
    {
        switch (framework)
        {
            case "pytest": Fixtures.Pytest(workspace, "repo", failing); break;
            case "go-test": Fixtures.Go(workspace, "repo", failing); break;
            case "junit5": Fixtures.JUnitMaven(workspace, "repo"); break;
            case "rspec": Fixtures.Rspec(workspace, "repo"); break;
            case "phpunit": Fixtures.PhpUnit(workspace, "repo"); break;
            default: throw new ArgumentOutOfRangeException(nameof(framework), framework, null);
        }
    }

    /// <summary>Detects the single project, probes its toolchain, runs its preparation, then its command; the command's result.</summary>
    static async Task<ProcessResult> RunDetectedAsync(FixtureWorkspace workspace, string searchPath)
    {
        var detection = await workspace.DetectAsync();
        var project = detection.Projects.ShouldHaveSingleItem();
        var toolchain = await Toolchain.Probe(searchPath).ProbeAsync(detection, project, Cancellation);
        toolchain.ThrowIfNotReady();
        var directory = Path.Combine(detection.FullPath, project.Root);
        foreach (var step in project.Preparation)
        {
            var prepared = await RunAsync(toolchain.Resolve(step), directory, searchPath);
            prepared.Succeeded.ShouldBeTrue(prepared.Output);
        }

        return await RunAsync(toolchain.Resolve(project.Command), directory, searchPath);
    }

    static Task<ProcessResult> RunAsync(IReadOnlyList<string> command, string directory, string searchPath) =>
        Toolchain.Runner.RunAsync(
            new ProcessSpec(command[0], [.. command.Skip(1)])
            {
                WorkingDirectory = directory,
                Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = searchPath },
                Timeout = TimeSpan.FromMinutes(3),
            },
            onOutput: null,
            Cancellation);
}
