using Lightning.Testing.Results;
using Lightning.Testing.Tests.Detection;

namespace Lightning.Testing.Tests.Runners.Rspec;

public sealed class RspecAdapterTests : FrameworkRunTests
{
    internal override RunnerKit NewKit() => new();

    internal override void Write(FixtureWorkspace workspace) => RunnerFixtures.Rspec(workspace);

    protected override string Passing => "spec.calc_spec::Calc passes";

    protected override string Failing => "spec.calc_spec::Calc fails";

    protected override string Skipped => "spec.calc_spec::Calc is skipped";

    protected override string Flaky => "spec.calc_spec::Calc is flaky";

    protected override string Output => "spec.calc_spec::Calc writes output";

    /// <summary>RSpec does not capture an example's output: it is the run's.</summary>
    protected override string? OutputIn(TestRun run) => run.Stdout;

    [Fact]
    public async Task RunAsync_ExceptionOtherThanAnExpectation_IsAnError()
    {
        using var kit = NewKit();
        Write(kit.Workspace);

        var result = await kit.RunSingleAsync(kit.Request(tests: ["./spec/calc_spec.rb[1:6]"]));

        var raised = RunnerKit.Case(result.Run, "spec.calc_spec::Calc raises");
        raised.Outcome.ShouldBe(TestOutcome.Errored);
        raised.Failure.ShouldNotBeNull().Type.ShouldBe("NoMethodError");
        result.Run.EnumerateCases().ShouldHaveSingleItem();
    }
}
