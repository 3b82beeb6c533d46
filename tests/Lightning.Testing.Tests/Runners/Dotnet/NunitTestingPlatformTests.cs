using Lightning.Testing.Tests.Detection;

namespace Lightning.Testing.Tests.Runners.Dotnet;

/// <summary>
/// dotnet test on an NUnit project run by NUnit's own Microsoft.Testing.Platform runner (a global.json chooses the
/// platform): detection runs it with <c>--project</c>, the TRX comes from the TrxReport extension, the live events from
/// <c>--output Detailed</c>, whose bare method names get their class from the sources, and selection is <c>--filter</c>.
/// </summary>
public sealed class NunitTestingPlatformTests(NunitTestingPlatformTests.MtpProject project) : FrameworkRunTests, IClassFixture<NunitTestingPlatformTests.MtpProject>
{
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
    public async Task RunAsync_FilterTooLongForOneArgument_GoesThroughARunSettingsFile()
    {
        using var kit = NewKit();
        Write(kit.Workspace);
        // About 160 KB of filter: more than Linux lets one argument hold (128 KiB), so only a settings file, read by the
        // platform's VSTest bridge, can carry it.
        var missing = Enumerable.Range(0, 2500).Select(i => $"Fixture.Calc.CalcTests::NoSuchTest{i:D4}WithALongName");

        var result = await kit.RunSingleAsync(kit.Request(tests: ["Fixture.Calc.CalcTests::Passes", .. missing]));

        result.Error.ShouldBeNull();
        RunnerKit.Outcomes(result.Run).Keys.ShouldBe(["Fixture.Calc.CalcTests::Passes"]);
    }

    /// <summary>The shared project, restored once.</summary>
    public sealed class MtpProject : IAsyncLifetime
    {
        internal FixtureWorkspace Workspace { get; } = new();

        public async ValueTask InitializeAsync()
        {
            RunnerFixtures.Nunit(Workspace, testingPlatform: true);
            await DotnetAdapterTests.RestoreAsync(Workspace);
        }

        public ValueTask DisposeAsync()
        {
            Workspace.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
