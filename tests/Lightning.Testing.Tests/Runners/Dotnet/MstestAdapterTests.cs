using Lightning.Testing.Results.Events;
using Lightning.Testing.Tests.Detection;

namespace Lightning.Testing.Tests.Runners.Dotnet;

/// <summary>
/// dotnet test on one tiny MSTest project (VSTest mode), restored once for the class from the NuGet mirror and shared
/// by its tests, which run one at a time; each test resets the flaky test's counter. MSTest prints bare method names: their class comes
/// from the sources.
/// </summary>
public sealed class MstestAdapterTests(MstestAdapterTests.MstestProject project) : FrameworkRunTests, IClassFixture<MstestAdapterTests.MstestProject>
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
    public async Task RunAsync_Fixture_DetectsTheVariant()
    {
        using var kit = NewKit();
        Write(kit.Workspace);

        var result = await kit.RunSingleAsync(kit.Request(tests: [Passing]));

        result.Project.Variant.ShouldBe("mstest");
        RunnerKit.Outcomes(result.Run).ShouldContainKeyAndValue(Passing, "passed");
    }

    [Fact]
    public async Task RunAsync_Failure_MessageAndStackLiveAndInTheReport()
    {
        using var kit = NewKit();
        Write(kit.Workspace);

        var result = await kit.RunSingleAsync(kit.Request(tests: [Failing]));

        var failure = RunnerKit.Case(result.Run, Failing).Failure.ShouldNotBeNull();
        failure.Message.ShouldNotBeNull().ShouldContain("two and two make four");
        failure.Stack.ShouldNotBeNull().ShouldContain("CalcTests.cs:line");
        var keys = kit.Events.OfType<CaseStartedEvent>().ToDictionary(started => started.CaseKey, started => started.Id);
        var live = kit.Events.OfType<CaseFailedEvent>().Single(failed => failed.At != null && keys[failed.CaseKey] == Failing).Failures.ShouldHaveSingleItem();
        // The logger indents a message's first line only: the lines after it belong to it, up to the stack trace.
        live.Message.ShouldNotBeNull().ShouldContain("two and two make four");
        live.Message.ShouldContain("expected: 5");
        live.Stack.ShouldNotBeNull().ShouldContain("CalcTests.cs:line");
    }

    [Fact]
    public async Task RunAsync_DataRowId_RunsItsMethod()
    {
        using var kit = NewKit();
        Write(kit.Workspace);

        var result = await kit.RunSingleAsync(kit.Request(tests: ["Fixture.Calc.CalcTests::Increments (2,3)"]));

        RunnerKit.Outcomes(result.Run).Keys.ShouldBe(["Fixture.Calc.CalcTests::Increments (1,2)", "Fixture.Calc.CalcTests::Increments (2,3)"], ignoreOrder: true);
        kit.LiveOutcomes().Keys.ShouldBe(RunnerKit.Outcomes(result.Run).Keys, ignoreOrder: true);
    }

    [Fact]
    public async Task RunAsync_MstestSdkProject_RunsUnderVSTest()
    {
        using var kit = new RunnerKit();
        kit.Workspace
            .Write("repo/Sdk.Tests.csproj", """
                <Project Sdk="MSTest.Sdk/4.5.2">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                </Project>
                """)
            .Write("repo/global.json", "{ }")
            .Write("repo/SdkTests.cs", """
                using Microsoft.VisualStudio.TestTools.UnitTesting;

                namespace Fixture.Sdk;

                [TestClass]
                public class SdkTests
                {
                    [TestMethod]
                    public void Passes() => Assert.AreEqual(2, 1 + 1);

                    [TestMethod]
                    public void Fails() => Assert.AreEqual(3, 1 + 1);
                }
                """);

        var result = await kit.RunSingleAsync(kit.Request());

        result.Error.ShouldBeNull(result.Run.Stdout + result.Run.Stderr);
        RunnerKit.Outcomes(result.Run).ShouldBe(new Dictionary<string, string> { ["Fixture.Sdk.SdkTests::Passes"] = "passed", ["Fixture.Sdk.SdkTests::Fails"] = "failed" }, ignoreOrder: true);
        kit.LiveOutcomes().ShouldBe(RunnerKit.Outcomes(result.Run), ignoreOrder: true);
    }

    /// <summary>The shared project, restored once.</summary>
    public sealed class MstestProject : IAsyncLifetime
    {
        internal FixtureWorkspace Workspace { get; } = new();

        public async ValueTask InitializeAsync()
        {
            RunnerFixtures.Mstest(Workspace);
            await DotnetAdapterTests.RestoreAsync(Workspace);
        }

        public ValueTask DisposeAsync()
        {
            Workspace.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
