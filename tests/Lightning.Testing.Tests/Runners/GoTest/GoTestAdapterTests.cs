using Lightning.Testing.Tests.Detection;

namespace Lightning.Testing.Tests.Runners.GoTest;

public sealed class GoTestAdapterTests : FrameworkRunTests
{
    internal override RunnerKit NewKit() => new();

    internal override void Write(FixtureWorkspace workspace) => RunnerFixtures.Go(workspace);

    protected override string Passing => "example.com/calc::TestPasses";

    protected override string Failing => "example.com/calc::TestFails";

    protected override string Skipped => "example.com/calc::TestSkipped";

    protected override string Flaky => "example.com/calc::TestFlaky";

    protected override string Output => "example.com/calc::TestOutput";

    [Fact]
    public async Task RunAsync_SubtestId_RunsItsParent()
    {
        using var kit = NewKit();
        Write(kit.Workspace);

        var result = await kit.RunSingleAsync(kit.Request(tests: ["example.com/calc::TestTable/n2"]));

        RunnerKit.Outcomes(result.Run).Keys.ShouldBe(["example.com/calc::TestTable", "example.com/calc::TestTable/n1", "example.com/calc::TestTable/n2"], ignoreOrder: true);
    }
}
