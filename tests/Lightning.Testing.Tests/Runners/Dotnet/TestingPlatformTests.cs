using Lightning.Testing.Tests.Detection;

namespace Lightning.Testing.Tests.Runners.Dotnet;

/// <summary>
/// dotnet test on an xUnit v3 project whose global.json chooses Microsoft.Testing.Platform: detection runs it with
/// <c>--project</c>, the TRX comes from the TrxReport extension and the live events from <c>--output Detailed</c>.
/// </summary>
public sealed class TestingPlatformTests(TestingPlatformTests.MtpProject project) : FrameworkRunTests, IClassFixture<TestingPlatformTests.MtpProject>
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
    public async Task RunAsync_MoreMethodsThanTheCommandLineHolds_GoThroughAResponseFile()
    {
        using var kit = NewKit();
        Write(kit.Workspace);
        // 40,000 --filter-method options, about 2.6 MB: past Linux's 2 MiB for a command line, so the process could not
        // even start unless the test app reads them from its response file.
        var missing = Enumerable.Range(0, 40_000).Select(i => $"Fixture.Calc.CalcTests::NoSuchTest{i:D5}WithAVeryLongNameIndeed");

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
            RunnerFixtures.Xunit(Workspace, testingPlatform: true);
            await DotnetAdapterTests.RestoreAsync(Workspace);
        }

        public ValueTask DisposeAsync()
        {
            Workspace.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
