using Lightning.Testing.Tests.Detection;

namespace Lightning.Testing.Tests.Runners.PhpUnit;

public sealed class PhpUnitAdapterTests : FrameworkRunTests
{
    internal override RunnerKit NewKit() => new();

    internal override void Write(FixtureWorkspace workspace) => RunnerFixtures.PhpUnit(workspace);

    protected override string Passing => "App.Tests.CalcTest::testPasses";

    protected override string Failing => "App.Tests.CalcTest::testFails";

    protected override string Skipped => "App.Tests.CalcTest::testSkipped";

    protected override string Flaky => "App.Tests.CalcTest::testFlaky";

    protected override string Output => "App.Tests.CalcTest::testOutput";

    [Fact]
    public async Task RunAsync_DataSetId_SelectsThatDataSet()
    {
        using var kit = NewKit();
        Write(kit.Workspace);

        var result = await kit.RunSingleAsync(kit.Request(tests: ["App.Tests.CalcTest::testAdds with data set \"two\""]));

        RunnerKit.Outcomes(result.Run).Keys.ShouldBe(["App.Tests.CalcTest::testAdds with data set \"two\""]);
    }
}
