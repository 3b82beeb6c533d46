using System.Diagnostics;
using Lightning.Testing.Runners;
using Lightning.Testing.Tests.Detection;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Runners.JUnit5;

/// <summary>
/// Two tiny libraries built here with javac and jar and installed into a temporary local repository with hand-written
/// poms: <c>com.acme:greeting:1.0</c> needs <c>com.acme:greeting-core</c> at the version its parent pom's property names
/// (0.9, whose word is "hi"), and a BOM manages greeting. A multi-module Maven project and a Gradle project use them; the
/// test only passes when the class path holds greeting-core 1.0 ("hello"), which neither build declares in its
/// dependencies: Maven gets it from the project's dependency management, Gradle from its highest-wins rule.
/// </summary>
public sealed class JUnitTransitiveTests : IClassFixture<JUnitTransitiveTests.AcmeRepository>
{
    readonly AcmeRepository _acme;

    public JUnitTransitiveTests(AcmeRepository acme) => _acme = acme;

    static RunnerKit NewKit(string repository)
    {
        Directory.CreateDirectory(JUnitAdapterTests.SharedScratch);
        return new RunnerKit(options: new TestRunnerOptions { ScratchDirectory = JUnitAdapterTests.SharedScratch }, javaRepositories: repository);
    }

    [Fact]
    public async Task RunAsync_MavenModuleWithParentBomAndTransitiveLibrary_CompilesAndRuns()
    {
        using var kit = NewKit(_acme.Path);
        WriteMaven(kit.Workspace);

        var result = await kit.RunSingleAsync(kit.Request());

        result.Error.ShouldBeNull(result.Run.Stdout + result.Run.Stderr);
        result.Project.Root.ShouldBe("app");
        RunnerKit.Outcomes(result.Run).ShouldBe(new Dictionary<string, string>
        {
            ["com.example.AppTest::welcomes()"] = "passed",
            ["com.example.AppTest::coreIsManagedVersion()"] = "passed",
        }, ignoreOrder: true);
    }

    [Fact]
    public async Task RunAsync_GradleWithPlatformAndTransitiveLibrary_CompilesAndRuns()
    {
        using var kit = NewKit(_acme.Path);
        WriteGradle(kit.Workspace);

        var result = await kit.RunSingleAsync(kit.Request());

        result.Error.ShouldBeNull(result.Run.Stdout + result.Run.Stderr);
        result.Project.Variant.ShouldBe("gradle");
        RunnerKit.Outcomes(result.Run).ShouldBe(new Dictionary<string, string>
        {
            ["com.example.AppTest::welcomes()"] = "passed",
            ["com.example.AppTest::coreIsManagedVersion()"] = "passed",
        }, ignoreOrder: true);
    }

    [Fact]
    public async Task RunAsync_TransitiveJarMissing_ErrorNamesItAndThePomAskingForIt()
    {
        using var partial = new TempDirectory();
        CopyDirectory(_acme.Path, partial.Path);
        File.Delete(Path.Combine(partial.Path, "com", "acme", "greeting-core", "1.0", "greeting-core-1.0.jar"));
        using var kit = NewKit(partial.Path);
        WriteMaven(kit.Workspace);

        var result = await kit.RunSingleAsync(kit.Request());

        var greetingPom = Path.Combine(partial.Path, "com", "acme", "greeting", "1.0", "greeting-1.0.pom");
        result.Error.ShouldNotBeNull().ShouldContain($"{greetingPom} declares com.acme:greeting-core:1.0 (compile), which is not on this machine");
        result.Run.Totals.Total.ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_MavenProfilesRangeAndRelocation_CompilesAndRuns()
    {
        using var kit = NewKit(_acme.Path);
        WriteMavenWithProfiles(kit.Workspace);

        var result = await kit.RunSingleAsync(kit.Request());

        // greeting comes only through old-greeting's relocation, greeting-core 1.0 only through the parent's <jdk> profile's range.
        result.Error.ShouldBeNull(result.Run.Stdout + result.Run.Stderr);
        RunnerKit.Outcomes(result.Run).ShouldBe(new Dictionary<string, string>
        {
            ["com.example.AppTest::welcomes()"] = "passed",
            ["com.example.AppTest::coreIsManagedVersion()"] = "passed",
        }, ignoreOrder: true);
    }

    /// <summary>
    /// A parent whose profile, active on any JDK from 9 (the real javac's version decides), manages greeting-core with a
    /// range only 1.0 of the repository's 0.9 and 1.0 is inside; a module whose default profile declares old-greeting,
    /// which the repository relocates to greeting.
    /// </summary>
    static void WriteMavenWithProfiles(FixtureWorkspace workspace)
    {
        WriteSources(workspace, "repo/app");
        workspace
            .Write("repo/pom.xml", """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>shop</artifactId>
                  <version>3.1.0</version>
                  <packaging>pom</packaging>
                  <modules><module>app</module></modules>
                  <profiles>
                    <profile>
                      <id>modern-jdk</id>
                      <activation><jdk>[9,)</jdk></activation>
                      <dependencyManagement><dependencies>
                        <dependency><groupId>com.acme</groupId><artifactId>greeting-core</artifactId><version>[1.0,2.0)</version></dependency>
                      </dependencies></dependencyManagement>
                    </profile>
                  </profiles>
                </project>
                """)
            .Write("repo/app/pom.xml", """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <parent><groupId>com.example</groupId><artifactId>shop</artifactId><version>3.1.0</version></parent>
                  <artifactId>app</artifactId>
                  <dependencies>
                    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.9.2</version><scope>test</scope></dependency>
                  </dependencies>
                  <profiles>
                    <profile>
                      <id>default</id>
                      <activation><activeByDefault>true</activeByDefault></activation>
                      <dependencies><dependency><groupId>com.acme</groupId><artifactId>old-greeting</artifactId><version>1.0</version></dependency></dependencies>
                    </profile>
                  </profiles>
                </project>
                """);
    }

    static void WriteMaven(FixtureWorkspace workspace)
    {
        WriteSources(workspace, "repo/app");
        workspace
            .Write("repo/pom.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>shop</artifactId>
                  <version>3.1.0</version>
                  <packaging>pom</packaging>
                  <modules>
                    <module>app</module>
                  </modules>
                  <properties>
                    <junit.version>5.9.2</junit.version>
                    <acme.core.version>1.0</acme.core.version>
                  </properties>
                  <dependencyManagement>
                    <dependencies>
                      <dependency>
                        <groupId>com.acme</groupId>
                        <artifactId>acme-bom</artifactId>
                        <version>1.0</version>
                        <type>pom</type>
                        <scope>import</scope>
                      </dependency>
                      <dependency>
                        <groupId>com.acme</groupId>
                        <artifactId>greeting-core</artifactId>
                        <version>${acme.core.version}</version>
                      </dependency>
                      <dependency>
                        <groupId>org.junit.jupiter</groupId>
                        <artifactId>junit-jupiter</artifactId>
                        <version>${junit.version}</version>
                      </dependency>
                    </dependencies>
                  </dependencyManagement>
                </project>
                """)
            .Write("repo/app/pom.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <parent>
                    <groupId>com.example</groupId>
                    <artifactId>shop</artifactId>
                    <version>3.1.0</version>
                  </parent>
                  <artifactId>app</artifactId>
                  <dependencies>
                    <dependency>
                      <groupId>com.acme</groupId>
                      <artifactId>greeting</artifactId>
                    </dependency>
                    <dependency>
                      <groupId>org.junit.jupiter</groupId>
                      <artifactId>junit-jupiter</artifactId>
                      <scope>test</scope>
                    </dependency>
                  </dependencies>
                </project>
                """);
    }

    static void WriteGradle(FixtureWorkspace workspace)
    {
        WriteSources(workspace, "repo");
        workspace
            .Write("repo/settings.gradle", "rootProject.name = 'app'\n")
            .Write("repo/build.gradle", """
                plugins {
                    id 'java'
                }

                dependencies {
                    implementation platform('com.acme:acme-bom:1.0')
                    implementation 'com.acme:greeting'
                    runtimeOnly 'com.acme:greeting-core:1.0'
                    testImplementation 'org.junit.jupiter:junit-jupiter:5.9.2'
                }

                test {
                    useJUnitPlatform()
                }
                """);
    }

    static void WriteSources(FixtureWorkspace workspace, string root) => workspace
        .Write($"{root}/src/main/java/com/example/App.java", """
            package com.example;

            import com.acme.Greeter;

            public final class App {
                public static String welcome(String name) {
                    return Greeter.greet(name) + "!";
                }
            }
            """)
        .Write($"{root}/src/test/java/com/example/AppTest.java", """
            package com.example;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import org.junit.jupiter.api.Test;

            class AppTest {
                @Test
                void welcomes() {
                    assertEquals("hello, Ada!", App.welcome("Ada"));
                }

                @Test
                void coreIsManagedVersion() throws Exception {
                    // Loaded by name: the test's sources know greeting only, greeting-core comes transitively.
                    String jar = Class.forName("com.acme.core.Words").getProtectionDomain().getCodeSource().getLocation().getPath();
                    System.out.println("greeting-core from " + jar);
                    assertEquals(true, jar.endsWith("greeting-core-1.0.jar"), jar);
                }
            }
            """);

    static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>The local repository, built once for the class: javac and jar for each library, poms written by hand.</summary>
    public sealed class AcmeRepository : IDisposable
    {
        readonly TempDirectory _temp = new();

        public AcmeRepository()
        {
            Library("greeting-core", "0.9", "com/acme/core/Words.java",
                """package com.acme.core; public final class Words { public static String hello() { return "hi"; } }""", classPath: null,
                "<dependencies/>");
            var core = Library("greeting-core", "1.0", "com/acme/core/Words.java",
                """package com.acme.core; public final class Words { public static String hello() { return "hello"; } }""", classPath: null,
                "<dependencies/>");
            Pom("acme-parent", "1", """
                <packaging>pom</packaging>
                <properties><core.version>0.9</core.version></properties>
                """);
            Library("greeting", "1.0", "com/acme/Greeter.java",
                """package com.acme; public final class Greeter { public static String greet(String name) { return com.acme.core.Words.hello() + ", " + name; } }""",
                classPath: core, """
                <parent><groupId>com.acme</groupId><artifactId>acme-parent</artifactId><version>1</version></parent>
                <dependencies>
                  <dependency><groupId>com.acme</groupId><artifactId>greeting-core</artifactId><version>${core.version}</version></dependency>
                  <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.9.2</version><scope>test</scope></dependency>
                </dependencies>
                """);
            Pom("old-greeting", "1.0", """
                <distributionManagement><relocation><artifactId>greeting</artifactId></relocation></distributionManagement>
                """);
            Pom("acme-bom", "1.0", """
                <packaging>pom</packaging>
                <dependencyManagement><dependencies>
                  <dependency><groupId>com.acme</groupId><artifactId>greeting</artifactId><version>1.0</version></dependency>
                </dependencies></dependencyManagement>
                """);
        }

        public string Path => _temp.Path;

        public void Dispose() => _temp.Dispose();

        string Directory(string artifact, string version)
        {
            var directory = _temp.Combine("com", "acme", artifact, version);
            System.IO.Directory.CreateDirectory(directory);
            return directory;
        }

        void Pom(string artifact, string version, string body) => File.WriteAllText(
            System.IO.Path.Combine(Directory(artifact, version), $"{artifact}-{version}.pom"), $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>com.acme</groupId>
              <artifactId>{artifact}</artifactId>
              <version>{version}</version>
            {body}
            </project>
            """);

        string Library(string artifact, string version, string sourcePath, string source, string? classPath, string pomBody)
        {
            var build = _temp.Combine("build", artifact + "-" + version);
            var sourceFile = System.IO.Path.Combine(build, "src", sourcePath);
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(sourceFile)!);
            File.WriteAllText(sourceFile, source);
            var classes = System.IO.Path.Combine(build, "classes");
            Run("javac", ["-d", classes, .. classPath is null ? (string[])[] : ["-cp", classPath], sourceFile]);
            var jar = System.IO.Path.Combine(Directory(artifact, version), $"{artifact}-{version}.jar");
            Run("jar", ["--create", "--file", jar, "-C", classes, "."]);
            Pom(artifact, version, pomBody);
            return jar;
        }

        static void Run(string program, string[] arguments)
        {
            var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            process.ExitCode.ShouldBe(0, $"{program} {string.Join(' ', arguments)}: {stdout}{stderr.Result}");
        }
    }
}
