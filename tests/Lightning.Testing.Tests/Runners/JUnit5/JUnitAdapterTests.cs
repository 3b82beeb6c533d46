using Lightning.Testing.Runners;
using Lightning.Testing.Tests.Detection;

namespace Lightning.Testing.Tests.Runners.JUnit5;

public sealed class JUnitAdapterTests : FrameworkRunTests
{
    /// <summary>The listener is compiled once per scratch root: the JUnit tests share one, so they compile it once.</summary>
    internal static readonly string SharedScratch = Path.Combine(Path.GetTempPath(), "lightning-runner-tests");

    internal override RunnerKit NewKit()
    {
        Directory.CreateDirectory(SharedScratch);
        return new RunnerKit(options: new TestRunnerOptions { ScratchDirectory = SharedScratch });
    }

    internal override void Write(FixtureWorkspace workspace) => RunnerFixtures.JUnit(workspace);

    protected override string Passing => "com.example.CalcTest::passes()";

    protected override string Failing => "com.example.CalcTest::fails()";

    protected override string Skipped => "com.example.CalcTest::skipped()";

    protected override string Flaky => "com.example.CalcTest::flaky()";

    protected override string Output => "com.example.CalcTest::output()";

    [Fact]
    public async Task RunAsync_ParametrisedAndNestedIds_SelectTheirMethods()
    {
        using var kit = NewKit();
        Write(kit.Workspace);

        var result = await kit.RunSingleAsync(kit.Request(tests: ["com.example.CalcTest::positive(int)[2]", "com.example.CalcTest$Inner::passesInside()"]));

        RunnerKit.Outcomes(result.Run).Keys.ShouldBe(
            ["com.example.CalcTest::positive(int)[1]", "com.example.CalcTest::positive(int)[2]", "com.example.CalcTest$Inner::passesInside()"], ignoreOrder: true);
    }

    [Fact]
    public async Task RunAsync_Compiles_OutsideTheRepository()
    {
        using var kit = NewKit();
        Write(kit.Workspace);

        await kit.RunSingleAsync(kit.Request());

        Directory.Exists(Path.Combine(kit.Repository, "target")).ShouldBeFalse();
    }
}
