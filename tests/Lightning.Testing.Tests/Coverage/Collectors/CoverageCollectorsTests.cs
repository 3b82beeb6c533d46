using Lightning.Core.Errors;
using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Collectors;
using Lightning.Testing.Detection;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Coverage.Collectors;

/// <summary>What each framework's collection says to run, built from detected projects (the runs are in <see cref="CoverageCollectionRunTests"/>).</summary>
public sealed class CoverageCollectorsTests : IDisposable
{
    readonly TempDirectory _temp = new();

    string Project => _temp.Combine("project");

    string Output => _temp.Combine("out");

    [Fact]
    public void Pytest_RunsPytestUnderCoverage_ThenWritesJsonWithContexts()
    {
        var collection = For(TestFramework.Pytest, ["/usr/bin/python3", "-m", "pytest", "-q"]);

        collection.Format.ShouldBe(CoverageFormat.CoveragePyJson);
        collection.Command.ShouldBe(["/usr/bin/python3", "-m", "coverage", "run", $"--rcfile={Output}/lightning.coveragerc", "-m", "pytest", "-q"]);
        collection.After.ShouldHaveSingleItem().Command.ShouldBe(
            ["/usr/bin/python3", "-m", "coverage", "json", $"--rcfile={Output}/lightning.coveragerc", "--show-contexts", "--ignore-errors", "-o", $"{Output}/coverage.json"]);
        var rc = collection.Files.ShouldHaveSingleItem();
        rc.Path.ShouldBe($"{Output}/lightning.coveragerc");
        rc.Content.ShouldContain("branch = True\n");
        rc.Content.ShouldContain("dynamic_context = test_function\n");
        rc.Content.ShouldContain($"source = {Project}\n");
        rc.Content.ShouldContain($"data_file = {Output}/.coverage\n");
        collection.Report.ShouldBe("coverage.json");
    }

    [Fact]
    public void Pytest_BarePytestCommand_RunsUnderPython3_ContextsCanBeTurnedOff()
    {
        var collection = For(TestFramework.Pytest, ["pytest", "tests"], options: new CoverageCollectorOptions { PerTestContexts = false });

        collection.Command.ShouldBe(["python3", "-m", "coverage", "run", $"--rcfile={Output}/lightning.coveragerc", "-m", "pytest", "tests"]);
        collection.Files.Single().Content.ShouldNotContain("dynamic_context =");
    }

    [Fact]
    public void Jest_AddsCoverageToTheCommand()
    {
        var collection = For(TestFramework.Jest, ["node", "node_modules/jest/bin/jest.js", "--ci"]);

        collection.Command.ShouldBe(["node", "node_modules/jest/bin/jest.js", "--ci", "--coverage", "--coverageReporters=lcovonly", $"--coverageDirectory={Output}"]);
        (collection.Format, collection.Report).ShouldBe((CoverageFormat.Lcov, "lcov.info"));
    }

    [Fact]
    public void Go_PutsTheCoverFlagsBeforeThePackages()
    {
        var collection = For(TestFramework.GoTest, ["/usr/bin/go", "test", "./..."]);

        collection.Command.ShouldBe(["/usr/bin/go", "test", "-covermode=count", "-coverpkg=./...", $"-coverprofile={Output}/cover.out", "./..."]);
        (collection.Format, collection.Report).ShouldBe((CoverageFormat.GoProfile, "cover.out"));
    }

    [Fact]
    public void Go_CommandWithoutTest_IsRejected() =>
        Should.Throw<LightningException>(() => For(TestFramework.GoTest, ["go", "vet"])).Code.ShouldBe(CoverageCollectors.NotSupportedCode);

    [Fact]
    public void JUnit_Launcher_GetsTheJaCoCoAgent_ThenTheReportIsWritten()
    {
        var collection = For(TestFramework.Junit5, ["/usr/bin/java", "-jar", "console.jar", "--scan-class-path"], variant: "plain", sources: ["src/main/java"]);

        var agent = $"-javaagent:{Output}/jacocoagent.jar=destfile={Output}/jacoco.exec,append=true";
        collection.Command.ShouldBe(["/usr/bin/java", agent, "-jar", "console.jar", "--scan-class-path"]);
        collection.Environment.ShouldBeEmpty();
        var extract = collection.Before.ShouldHaveSingleItem();
        extract.Command.ShouldBe(["jar", "xf", "/usr/share/java/org.jacoco.agent.jar", "jacocoagent.jar"]);
        extract.WorkingDirectory.ShouldBe(Output);
        var report = collection.After.ShouldHaveSingleItem().Command;
        report.Take(3).ShouldBe(["java", "-cp", "/usr/share/java/org.jacoco.core.jar:/usr/share/java/org.jacoco.report.jar:/usr/share/java/asm.jar:/usr/share/java/asm-commons.jar:/usr/share/java/asm-tree.jar"]);
        report.Skip(3).ShouldBe([$"{Output}/JacocoXmlReport.java", $"{Output}/jacoco.exec", $"{Output}/jacoco.xml", "project", "--classes", $"{Project}/target/lightning-junit/main", "--sources", $"{Project}/src/main/java"]);
        var helper = collection.Files.ShouldHaveSingleItem();
        helper.Path.ShouldBe($"{Output}/JacocoXmlReport.java");
        helper.Content.ShouldContain("public final class JacocoXmlReport");
        (collection.Format, collection.Report).ShouldBe((CoverageFormat.JaCoCo, "jacoco.xml"));
    }

    [Theory]
    [InlineData("maven", "target/classes")]
    [InlineData("gradle", "build/classes/java/main")]
    public void JUnit_MavenAndGradle_GetTheAgentThroughJavaToolOptions(string variant, string classes)
    {
        var collection = For(TestFramework.Junit5, ["mvn", "test"], variant: variant, options: new CoverageCollectorOptions { JavaLibraryDirectory = "/opt/jacoco" });

        collection.Command.ShouldBe(["mvn", "test"]);
        collection.Environment["JAVA_TOOL_OPTIONS"].ShouldBe($"-javaagent:{Output}/jacocoagent.jar=destfile={Output}/jacoco.exec,append=true");
        collection.After.Single().Command.ShouldContain($"{Project}/{classes}");
        collection.Before.Single().Command[2].ShouldBe("/opt/jacoco/org.jacoco.agent.jar");
    }

    [Fact]
    public void Rspec_RequiresTheSimpleCovHelper()
    {
        var collection = For(TestFramework.Rspec, ["rspec"]);

        collection.Command.ShouldBe(["rspec", "--require", $"{Output}/lightning_simplecov.rb"]);
        collection.Environment.ShouldBe(new Dictionary<string, string> { ["LIGHTNING_COVERAGE_DIR"] = Output, ["LIGHTNING_COVERAGE_ROOT"] = Project });
        collection.Files.ShouldHaveSingleItem().Content.ShouldContain("SimpleCov.enable_coverage(:branch)");
        (collection.Format, collection.Report).ShouldBe((CoverageFormat.SimpleCov, ".resultset.json"));
    }

    [Fact]
    public void PhpUnit_BarePhpunit_RunsThroughPhpWithPcov_FilteredToTheCode()
    {
        Directory.CreateDirectory(Path.Combine(Project, "src"));
        var bin = _temp.Combine("bin");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, "phpunit"), "#!/usr/bin/env php\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(bin, "phpunit"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        var collection = For(TestFramework.Phpunit, ["phpunit"], options: new CoverageCollectorOptions { SearchPath = bin });

        collection.Command.ShouldBe(["php", "-d", "pcov.enabled=1", "-d", $"pcov.directory={Project}", $"{bin}/phpunit", "--coverage-clover", $"{Output}/clover.xml", "--coverage-filter", $"{Project}/src"]);
        (collection.Format, collection.Report).ShouldBe((CoverageFormat.Clover, "clover.xml"));
    }

    [Fact]
    public void PhpUnit_ThroughPhp_GetsThePcovSettings_WholeProjectWithoutConventionalDirectories()
    {
        var collection = For(TestFramework.Phpunit, ["/usr/bin/php", "vendor/bin/phpunit"]);

        collection.Command.ShouldBe(["/usr/bin/php", "-d", "pcov.enabled=1", "-d", $"pcov.directory={Project}", "vendor/bin/phpunit", "--coverage-clover", $"{Output}/clover.xml", "--coverage-filter", Project]);
    }

    [Fact]
    public void Dotnet_VsTest_CollectsXPlatCodeCoverage()
    {
        var collection = For(TestFramework.DotnetTest, ["dotnet", "test", "Tests/Tests.csproj"]);

        collection.Command.ShouldBe(["dotnet", "test", "Tests/Tests.csproj", "--collect", "XPlat Code Coverage", "--results-directory", Output, "--",
            "DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.Format=cobertura"]);
        (collection.Format, collection.Report).ShouldBe((CoverageFormat.Cobertura, "*/coverage.cobertura.xml"));
    }

    [Fact]
    public void Dotnet_TestingPlatform_UsesItsCoverageExtension()
    {
        var collection = For(TestFramework.DotnetTest, ["dotnet", "test", "--project", "Tests/Tests.csproj"]);

        collection.Command.ShouldBe(["dotnet", "test", "--project", "Tests/Tests.csproj", "--coverage", "--coverage-output-format", "cobertura", "--coverage-output", $"{Output}/coverage.cobertura.xml"]);
        collection.Report.ShouldBe("coverage.cobertura.xml");
    }

    [Theory]
    [InlineData(TestFramework.Vitest)]
    [InlineData(TestFramework.Mocha)]
    public void UnsupportedFramework_IsRejected(TestFramework framework) =>
        Should.Throw<LightningException>(() => For(framework, ["npx", "vitest"])).Code.ShouldBe(CoverageCollectors.NotSupportedCode);

    [Fact]
    public void ProjectWithoutCommand_IsRejectedWithItsNote()
    {
        var error = Should.Throw<LightningException>(() => For(TestFramework.Pytest, [], note: "pytest is not installed"));

        error.Message.ShouldBe("project has no test command, so coverage cannot be collected: pytest is not installed");
    }

    [Fact]
    public void FindReports_ByPathOrGlob()
    {
        Directory.CreateDirectory(Path.Combine(Output, "run-1"));
        Directory.CreateDirectory(Path.Combine(Output, "run-2", "deeper"));
        File.WriteAllText(Path.Combine(Output, "run-1", "coverage.cobertura.xml"), "<coverage/>");
        File.WriteAllText(Path.Combine(Output, "run-2", "deeper", "coverage.cobertura.xml"), "<coverage/>");
        File.WriteAllText(Path.Combine(Output, "lcov.info"), "TN:");
        var dotnet = For(TestFramework.DotnetTest, ["dotnet", "test"]);

        dotnet.FindReports().ShouldBe([Path.Combine(Output, "run-1", "coverage.cobertura.xml")]);
        (dotnet with { Report = "lcov.info" }).FindReports().ShouldBe([Path.Combine(Output, "lcov.info")]);
        (dotnet with { Report = "cover.out" }).FindReports().ShouldBeEmpty();
    }

    public void Dispose() => _temp.Dispose();

    CoverageCollection For(TestFramework framework, IReadOnlyList<string> command, string? variant = null, IReadOnlyList<string>? sources = null, string? note = null, CoverageCollectorOptions? options = null) =>
        CoverageCollectors.For(
            new DetectedTestProject(framework, "project", ".", "Any", variant, Supported: command.Count > 0, note, [], [], 0, sources ?? [], [], [], command),
            Project,
            Output,
            options);
}
