using Lightning.Testing.Results;
using Lightning.Testing.Tests.Detection;

namespace Lightning.Testing.Tests.Runners.Jest;

public sealed class JestAdapterTests : FrameworkRunTests
{
    internal override RunnerKit NewKit() => RunnerKit.WithJest();

    internal override void Write(FixtureWorkspace workspace) => RunnerFixtures.Jest(workspace);

    protected override string Passing => "calc::passes";

    protected override string Failing => "calc::fails";

    protected override string Skipped => "calc::skipped";

    protected override string Flaky => "calc::flaky";

    protected override string Output => "calc::writes output";

    /// <summary>
    /// Jest buffers console output per test file when files run in workers (jest-junit then writes it into the file's
    /// suite); a single file runs in band and its console goes straight to Jest's stderr, the run's.
    /// </summary>
    protected override string? OutputIn(TestRun run) => run.EnumerateSuites().Single(suite => suite.Name == "calc.test.js").Stdout ?? run.Stderr;

    [Fact]
    public async Task RunAsync_NestedAndTopLevelIds_SelectTheirTests()
    {
        using var kit = NewKit();
        Write(kit.Workspace);

        var result = await kit.RunSingleAsync(kit.Request(tests: ["calc › nested::passes deeper", "calc.test.js::top level passes"]));

        var outcomes = RunnerKit.Outcomes(result.Run);
        outcomes.Where(pair => pair.Value != "skipped").Select(pair => pair.Key).ShouldBe(["calc › nested::passes deeper", "calc.test.js::top level passes"], ignoreOrder: true);
    }
}
