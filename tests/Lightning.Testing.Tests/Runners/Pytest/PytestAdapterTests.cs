using Lightning.Testing.Tests.Detection;

namespace Lightning.Testing.Tests.Runners.Pytest;

public sealed class PytestAdapterTests : FrameworkRunTests
{
    internal override RunnerKit NewKit() => new();

    internal override void Write(FixtureWorkspace workspace) => RunnerFixtures.Pytest(workspace);

    protected override string Passing => "tests.test_calc::test_passes";

    protected override string Failing => "tests.test_calc::test_fails";

    protected override string Skipped => "tests.test_calc::test_skipped";

    protected override string Flaky => "tests.test_calc::test_flaky";

    protected override string Output => "tests.test_calc::test_output";

    [Fact]
    public async Task RunAsync_NodeIdsAndClassIds_SelectTheirTests()
    {
        using var kit = NewKit();
        Write(kit.Workspace);

        var result = await kit.RunSingleAsync(kit.Request(tests: ["tests/test_calc.py::test_passes", "tests.test_calc.TestGroup::test_in_class"]));

        RunnerKit.Outcomes(result.Run).Keys.ShouldBe(["tests.test_calc::test_passes", "tests.test_calc.TestGroup::test_in_class"], ignoreOrder: true);
    }
}
