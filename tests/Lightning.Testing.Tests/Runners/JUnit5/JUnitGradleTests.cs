using Lightning.Testing.Runners;
using Lightning.Testing.Tests.Detection;

namespace Lightning.Testing.Tests.Runners.JUnit5;

/// <summary>
/// The JUnit fixture as a Gradle build (build.gradle): compiled by javac against the console launcher and the jars the build
/// declares, found on this machine (Hamcrest from Debian's maven-repo), and run through the same adapter as a plain
/// source tree, so live events, retries, selection and coverage are the same. Nothing is downloaded: Gradle is not run.
/// </summary>
public sealed class JUnitGradleTests : FrameworkRunTests
{
    internal override RunnerKit NewKit()
    {
        Directory.CreateDirectory(JUnitAdapterTests.SharedScratch);
        return new RunnerKit(options: new TestRunnerOptions { ScratchDirectory = JUnitAdapterTests.SharedScratch });
    }

    internal override void Write(FixtureWorkspace workspace) => RunnerFixtures.JUnitGradle(workspace);

    protected override string Passing => "com.example.CalcTest::passes()";

    protected override string Failing => "com.example.CalcTest::fails()";

    protected override string Skipped => "com.example.CalcTest::skipped()";

    protected override string Flaky => "com.example.CalcTest::flaky()";

    protected override string Output => "com.example.CalcTest::output()";

    [Fact]
    public async Task RunAsync_DeclaredLibraryAndResources_AreOnTheClassPath()
    {
        using var kit = NewKit();
        Write(kit.Workspace);

        var result = await kit.RunSingleAsync(kit.Request(tests: ["com.example.ResourceTest::readsResource()"]));

        result.Error.ShouldBeNull(result.Run.Stdout + result.Run.Stderr);
        result.Project.Variant.ShouldBe("gradle");
        RunnerKit.Outcomes(result.Run).ShouldBe(new Dictionary<string, string> { ["com.example.ResourceTest::readsResource()"] = "passed" });
        kit.LiveOutcomes().ShouldBe(RunnerKit.Outcomes(result.Run));
        Directory.Exists(Path.Combine(kit.Repository, "target")).ShouldBeFalse();
        Directory.Exists(Path.Combine(kit.Repository, "build")).ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_WithCoverage_JaCoCoMeasuresTheMainClasses()
    {
        using var kit = NewKit();
        Write(kit.Workspace);

        var result = await kit.RunSingleAsync(kit.Request() with { Coverage = true });

        var coverage = result.Coverage.ShouldNotBeNull();
        coverage.Unavailable.ShouldBeNull();
        var files = coverage.Report.ShouldNotBeNull().Files;
        var calc = files.SingleOrDefault(file => file.Path.EndsWith("com/example/Calc.java", StringComparison.Ordinal)).ShouldNotBeNull(string.Join(", ", files.Select(file => file.Path)));
        calc.Totals.LinesCovered.ShouldBeGreaterThan(0);
    }
}
