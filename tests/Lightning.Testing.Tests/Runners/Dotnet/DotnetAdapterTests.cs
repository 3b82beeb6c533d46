using Lightning.Core.Processes;
using Lightning.Testing.Tests.Detection;

namespace Lightning.Testing.Tests.Runners.Dotnet;

/// <summary>
/// dotnet test on one tiny xUnit v3 project (VSTest mode), restored once for the class from the machine's NuGet
/// packages and shared by its tests, which run one at a time; each test resets the flaky test's counter.
/// </summary>
public sealed class DotnetAdapterTests(DotnetAdapterTests.XunitProject project) : FrameworkRunTests, IClassFixture<DotnetAdapterTests.XunitProject>
{
    internal static async Task RestoreAsync(FixtureWorkspace workspace)
    {
        var restore = await Toolchain.Runner.RunAsync(
            new ProcessSpec("dotnet", ["restore", "Calc.Tests.csproj"]) { WorkingDirectory = workspace.Full("repo"), Timeout = TimeSpan.FromMinutes(5) },
            onOutput: null,
            TestContext.Current.CancellationToken);
        restore.Succeeded.ShouldBeTrue(restore.Output);
    }

    internal override RunnerKit NewKit() => new(workspace: project.Workspace);

    internal override void Write(FixtureWorkspace workspace) => File.Delete(workspace.Full("repo/flaky.count"));

    protected override string Passing => "Fixture.Calc.CalcTests::Passes";

    protected override string Failing => "Fixture.Calc.CalcTests::Fails";

    protected override string Skipped => "Fixture.Calc.CalcTests::Skipped";

    protected override string Flaky => "Fixture.Calc.CalcTests::Flaky";

    protected override string Output => "Fixture.Calc.CalcTests::Output";

    protected override bool MayLeave(string relativePath) =>
        base.MayLeave(relativePath) || relativePath.StartsWith("bin/", StringComparison.Ordinal) || relativePath.StartsWith("obj/", StringComparison.Ordinal);

    [Fact]
    public async Task RunAsync_TheoryRowId_RunsItsMethod()
    {
        using var kit = NewKit();
        Write(kit.Workspace);

        var result = await kit.RunSingleAsync(kit.Request(tests: ["Fixture.Calc.CalcTests::Increments(value: 2, next: 3)"]));

        RunnerKit.Outcomes(result.Run).Keys.ShouldBe(
            ["Fixture.Calc.CalcTests::Increments(value: 1, next: 2)", "Fixture.Calc.CalcTests::Increments(value: 2, next: 3)"], ignoreOrder: true);
    }

    [Fact]
    public async Task RunAsync_FilterTooLongForOneArgument_GoesThroughARunSettingsFile()
    {
        using var kit = NewKit();
        Write(kit.Workspace);
        // About 160 KB of filter: more than Linux lets one argument hold (128 KiB), so only a settings file can carry it.
        var missing = Enumerable.Range(0, 2500).Select(i => $"Fixture.Calc.CalcTests::NoSuchTest{i:D4}WithALongName");

        var result = await kit.RunSingleAsync(kit.Request(tests: ["Fixture.Calc.CalcTests::Passes", .. missing]));

        result.Error.ShouldBeNull();
        RunnerKit.Outcomes(result.Run).Keys.ShouldBe(["Fixture.Calc.CalcTests::Passes"]);
    }

    /// <summary>The shared project, restored once.</summary>
    public sealed class XunitProject : IAsyncLifetime
    {
        internal FixtureWorkspace Workspace { get; } = new();

        public async ValueTask InitializeAsync()
        {
            RunnerFixtures.Xunit(Workspace);
            await RestoreAsync(Workspace);
        }

        public ValueTask DisposeAsync()
        {
            Workspace.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
