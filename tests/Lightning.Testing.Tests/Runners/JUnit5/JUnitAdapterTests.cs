using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.Runners;
using Lightning.Testing.Runners.JUnit5;
using Lightning.Testing.Tests.Detection;
using Lightning.TestUtilities;

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

    /// <summary>A Maven project's context as the runner makes it, javac at <paramref name="javac"/>'s version.</summary>
    static ProjectContext MavenContext(string directory, string? javac) => new(
        new DetectedTestProject(TestFramework.Junit5, "JUnit 5", ".", "Java", "maven", true, null, [], ["src/test/java/**/*.java"], 1, [], [], [], ["java"]),
        directory,
        new ToolchainReport(TestFramework.Junit5, "JUnit 5", ".", true,
            [new ToolStatus("javac", "javac", "compiles", true, javac is not null, javac, javac is null ? null : "/usr/bin/javac", "default-jdk-headless", "apt", "apt-get install default-jdk-headless", null)]),
        Environment.GetEnvironmentVariable("PATH") ?? string.Empty,
        directory);

    [Fact]
    public void MissingTool_SettingsRepositoryAndJdkProfile_NamedAndApplied()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("pom.xml"), """
            <project xmlns="http://maven.apache.org/POM/4.0.0"><profiles><profile><activation><jdk>[11,)</jdk></activation>
              <dependencies><dependency><groupId>x</groupId><artifactId>modern</artifactId><version>1</version></dependency></dependencies>
            </profile></profiles></project>
            """);
        var home = temp.Combine("home");
        Directory.CreateDirectory(Path.Combine(home, ".m2"));
        File.WriteAllText(Path.Combine(home, ".m2", "settings.xml"), "<settings><localRepository>${user.home}/m2</localRepository></settings>");
        var adapter = new JUnitAdapter(Toolchain.Runner, [Path.Combine(home, ".m2", "repository"), "/usr/share/java"],
            repositories => MavenSettings.Apply(repositories, home, _ => null, temp.Combine("no-global.xml")));

        // javac 17: the profile's library is asked for, and looked for in the settings' repository instead of ~/.m2/repository.
        adapter.MissingTool(MavenContext(temp.Path, "17.0.15")).ShouldNotBeNull()
            .ShouldContain($"pom.xml declares x:modern:1 (compile), which is not on this machine (looked in {Path.Combine(home, "m2")}, /usr/share/java;");
        adapter.MissingTool(MavenContext(temp.Path, "1.8.0")).ShouldBeNull();
        adapter.MissingTool(MavenContext(temp.Path, javac: null)).ShouldBeNull();
    }

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

    [Fact]
    public async Task RunAsync_SmartOrder_OrdersClassesAndMethodsThroughJupitersOrderers()
    {
        using var kit = NewKit();
        Write(kit.Workspace);
        kit.Workspace.Write("repo/src/test/java/com/example/OwnOrderTest.java", """
            package com.example;

            import org.junit.jupiter.api.MethodOrderer;
            import org.junit.jupiter.api.Test;
            import org.junit.jupiter.api.TestMethodOrder;

            @TestMethodOrder(MethodOrderer.MethodName.class)
            class OwnOrderTest {
                @Test
                void alpha() { }

                @Test
                void beta() { }
            }
            """);
        // OwnOrderTest's beta is the first test listed: its class goes first, but keeps its own order (alpha, beta).
        OrderedRunTest[] order =
        [
            new(".", "com.example.OwnOrderTest::beta()", null),
            new(".", "com.example.CalcTest::output()", null),
            new(".", "com.example.CalcTest::positive(int)[2]", null),
            new(".", "com.example.CalcTest::passes()", null),
        ];

        var result = await kit.RunSingleAsync(kit.Request() with { Order = TestRunOrder.Smart, OrderedTests = order });

        result.Error.ShouldBeNull(result.Run.Stdout + result.Run.Stderr);
        // The report lists the cases in the order they ran (the legacy reporter's own order is a hash order).
        var ran = result.Run.EnumerateCases().Select(testCase => testCase.Id).ToList();
        ran.Take(6).ShouldBe(
        [
            "com.example.OwnOrderTest::alpha()", "com.example.OwnOrderTest::beta()",
            "com.example.CalcTest::output()", "com.example.CalcTest::positive(int)[1]", "com.example.CalcTest::positive(int)[2]",
            "com.example.CalcTest::passes()",
        ]);
        // Unlisted methods after the listed ones; a @Nested class after its enclosing class's methods.
        ran.Skip(6).ShouldBe(["com.example.CalcTest::fails()", "com.example.CalcTest::skipped()", "com.example.CalcTest::flaky()", "com.example.CalcTest$Inner::passesInside()"], ignoreOrder: true);
        ran[^1].ShouldBe("com.example.CalcTest$Inner::passesInside()");
        result.Run.Messages.ShouldContain(message => message.Text.StartsWith(
            "Smart order (tests, each class at its first test's place (a class's own @TestMethodOrder kept), by recent failure", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_NoOrder_ReportListsCasesInTheOrderTheyStarted()
    {
        using var kit = NewKit();
        Write(kit.Workspace);

        var result = await kit.RunSingleAsync(kit.Request());

        // Live starts come in the order the tests ran; the stored report now agrees with them.
        var started = kit.Events.OfType<Lightning.Testing.Results.Events.CaseStartedEvent>().Select(e => e.Id).Distinct().ToList();
        result.Run.EnumerateCases().Select(testCase => testCase.Id).ShouldBe(started);
    }

    [Fact]
    public void OrderLines_InvocationsAndRepeats_OneLinePerMethod()
    {
        OrderedRunTest[] order =
        [
            new(".", "com.example.CalcTest::positive(int)[2]", null),
            new(".", "com.example.CalcTest$Inner::passesInside()", null),
            new(".", "com.example.CalcTest::positive(int)[1]", null),
            new(".", "no-scope", null),
            new(".", "com.example.CalcTest::add(int, String)", null),
        ];

        Lightning.Testing.Runners.JUnit5.JUnitAdapter.OrderLines(order).ShouldBe(
            ["com.example.CalcTest\tpositive(int)", "com.example.CalcTest$Inner\tpassesInside()", "com.example.CalcTest\tadd(int, String)"]);
    }

    [Fact]
    public async Task RunAsync_CaseIdWithAClassParameter_SelectsItsMethodByName()
    {
        using var kit = NewKit();
        Write(kit.Workspace);
        kit.Workspace.Write("repo/src/test/java/com/example/NamedTest.java", """
            package com.example;

            import static org.junit.jupiter.api.Assertions.assertTrue;

            import java.util.List;
            import org.junit.jupiter.api.Test;
            import org.junit.jupiter.params.ParameterizedTest;
            import org.junit.jupiter.params.provider.ValueSource;

            class NamedTest {
                @ParameterizedTest
                @ValueSource(strings = {"ann", "bob"})
                void greets(String name) { assertTrue(name.length() == 3); }

                @Test
                void other() { }
            }
            """);

        // The report names the parameter String: --select-method would need java.lang.String.
        var result = await kit.RunSingleAsync(kit.Request(tests: ["com.example.NamedTest::greets(String)[1]", "com.example.CalcTest::passes()"]));

        result.Error.ShouldBeNull(result.Run.Stdout + result.Run.Stderr);
        RunnerKit.Outcomes(result.Run).ShouldBe(new Dictionary<string, string>
        {
            ["com.example.NamedTest::greets(String)[1]"] = "passed",
            ["com.example.NamedTest::greets(String)[2]"] = "passed",
            ["com.example.CalcTest::passes()"] = "passed",
        });
    }

    [Theory]
    [InlineData("com.example.A#m(String)", true)]
    [InlineData("com.example.A#m(int, List)", true)]
    [InlineData("com.example.A#m(String[])", true)]
    [InlineData("com.example.A#m()", false)]
    [InlineData("com.example.A#m(int, long[])", false)]
    [InlineData("com.example.A#m(java.lang.String, [Ljava.lang.String;)", false)]
    [InlineData("com.example.A", false)]
    public void NeedsSelectionByName_SimpleClassNames_CannotBeLoadedByTheLauncher(string selector, bool expected) =>
        Lightning.Testing.Runners.JUnit5.JUnitAdapter.NeedsSelectionByName(selector).ShouldBe(expected);
}
