using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;

namespace Lightning.Testing.Tests.Detection;

public sealed class JUnitRuleTests
{
    static readonly string Jar = new TestToolchainOptions().JUnitConsoleJar;

    [Fact]
    public async Task Detect_MavenProject_RecordsDirectoriesAndCompilesBeforeRunningTheLauncher()
    {
        using var workspace = new FixtureWorkspace();
        Fixtures.JUnitMaven(workspace, "repo");

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.Framework.ShouldBe(TestFramework.Junit5);
        project.Variant.ShouldBe("maven");
        project.Language.ShouldBe("Java");
        project.Evidence.ShouldBe(
        [
            new DetectionEvidence("pom.xml", "depends on junit-jupiter"),
            new DetectionEvidence("src/test/java/com/example/CalcTest.java", "imports org.junit.jupiter"),
        ]);
        project.SourceDirectories.ShouldBe(["src/main/java"]);
        project.TestDirectories.ShouldBe(["src/test/java"]);
        project.TestFileGlobs.ShouldBe(["src/test/java/**/*.java"]);
        project.TestFileCount.ShouldBe(1);
        project.Preparation.Count.ShouldBe(2);
        project.Preparation[0].ShouldBe(["javac", "-d", "target/lightning-junit/main", "-encoding", "UTF-8", "src/main/java/com/example/Calc.java"]);
        // Helpers beside the tests are compiled with them.
        project.Preparation[1].ShouldBe(["javac", "-d", "target/lightning-junit/test", "-encoding", "UTF-8", "-cp", "target/lightning-junit/main:" + Jar,
            "src/test/java/com/example/CalcTest.java", "src/test/java/com/example/TestData.java"]);
        project.Command.ShouldBe(["java", "-jar", Jar, "--disable-banner", "--class-path", "target/lightning-junit/test:target/lightning-junit/main", "--scan-class-path"]);
    }

    [Theory]
    [InlineData("build.gradle", "dependencies { testImplementation 'org.junit.jupiter:junit-jupiter:5.9.2' }\n", "depends on junit-jupiter")]
    [InlineData("build.gradle.kts", "tasks.test { useJUnitPlatform() }\n", "runs its tests on the JUnit Platform (useJUnitPlatform)")]
    public async Task Detect_GradleBuild_IsEvidenceAndTheVariant(string file, string content, string reason)
    {
        using var workspace = new FixtureWorkspace();
        workspace.Write($"repo/app/{file}", content);

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.Root.ShouldBe("app");
        project.Variant.ShouldBe("gradle");
        project.Evidence.ShouldBe([new DetectionEvidence($"app/{file}", reason)]);
        project.TestFileCount.ShouldBe(0);
    }

    [Fact]
    public async Task Detect_PlainSourcesWithJupiterImports_FindsSourceRootsFromPackageLines()
    {
        using var workspace = new FixtureWorkspace();
        workspace
            .Write("repo/src/org/acme/Stack.java", "package org.acme;\npublic class Stack {}\n")
            .Write("repo/test/org/acme/StackTest.java", "package org.acme;\n\nimport static org.junit.jupiter.api.Assertions.*;\nimport org.junit.jupiter.api.Test;\nclass StackTest {}\n")
            .Write("repo/test/org/acme/QueueTest.java", "package org.acme;\nimport org.junit.jupiter.api.Test;\nclass QueueTest {}\n");

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.Root.ShouldBe(".");
        project.Variant.ShouldBe("plain");
        project.SourceDirectories.ShouldBe(["src"]);
        project.TestDirectories.ShouldBe(["test"]);
        project.TestFileCount.ShouldBe(2);
        project.Evidence.ShouldBe([new DetectionEvidence("test/org/acme/QueueTest.java", "one of 2 classes importing org.junit.jupiter")]);
    }

    [Fact]
    public async Task Detect_JUnit4OnlyProject_IsNotJUnit5()
    {
        using var workspace = new FixtureWorkspace();
        workspace
            .Write("repo/pom.xml", "<project><dependencies><dependency><artifactId>junit</artifactId><version>4.13.2</version></dependency></dependencies></project>")
            .Write("repo/src/test/java/a/OldTest.java", "package a;\nimport org.junit.Test;\npublic class OldTest {}\n");

        (await workspace.DetectAsync()).Projects.ShouldBeEmpty();
    }

    [Fact]
    public async Task Detect_MavenAggregator_ReportsTheModulesNotTheParent()
    {
        using var workspace = new FixtureWorkspace();
        workspace.Write("repo/pom.xml", "<project><packaging>pom</packaging><modules><module>core</module></modules><dependencyManagement>junit-jupiter</dependencyManagement></project>");
        Fixtures.JUnitMaven(workspace, "repo/core");
        // A module inheriting JUnit from its parent does not name it: its imports do.
        workspace.Write("repo/api/pom.xml", "<project><artifactId>api</artifactId></project>")
            .Write("repo/api/src/test/java/api/ApiTest.java", "package api;\nimport org.junit.jupiter.api.Test;\nclass ApiTest {}\n");

        var projects = (await workspace.DetectAsync()).Projects;

        projects.Select(project => (project.Root, project.Variant)).ShouldBe([("api", "maven"), ("core", "maven")]);
        projects[0].Preparation.ShouldHaveSingleItem()[^1].ShouldBe("src/test/java/api/ApiTest.java");
        projects[0].Command.ShouldContain("target/lightning-junit/test");
    }
}
