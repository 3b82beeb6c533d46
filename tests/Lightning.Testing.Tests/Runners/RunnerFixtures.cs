using Lightning.Testing.Tests.Detection;

namespace Lightning.Testing.Tests.Runners;

/// <summary>
/// One project per framework, written by the tests, with the same five kinds of test: one that passes, one that fails,
/// one skipped, one that writes "out: grüße" to stdout, and a flaky one that fails on its first run and passes after
/// (it counts its runs in a file, <c>flaky.count</c>), so a retry turns it flaky.
/// </summary>
internal static class RunnerFixtures
{
    public const string Output = "out: grüße";

    public static void Pytest(FixtureWorkspace workspace, string root = "repo") => workspace
        .Write($"{root}/pytest.ini", "[pytest]\ntestpaths = tests\n")
        .Write($"{root}/tests/test_calc.py", """
            import pathlib
            import sys

            import pytest


            def test_passes():
                assert 2 + 3 == 5


            def test_fails():
                assert 2 + 2 == 5, "two and two make four"


            @pytest.mark.skip(reason="not today")
            def test_skipped():
                pass


            def test_output():
                print("out: grüße")
                print("err: ошибка", file=sys.stderr)


            def test_flaky():
                counter = pathlib.Path(__file__).parent / "flaky.count"
                runs = int(counter.read_text()) if counter.exists() else 0
                counter.write_text(str(runs + 1))
                assert runs >= 1, "fails on its first run"


            class TestGroup:
                def test_in_class(self):
                    assert True
            """);

    public static void Jest(FixtureWorkspace workspace, string root = "repo") => workspace
        .Write($"{root}/package.json", """{ "name": "calc", "private": true, "scripts": { "test": "jest" }, "devDependencies": { "jest": "^30.0.0" } }""")
        .Write($"{root}/calc.test.js", """
            const fs = require('fs');
            const path = require('path');

            describe('calc', () => {
              test('passes', () => { expect(2 + 3).toBe(5); });
              test('fails', () => { expect(2 + 2).toBe(5); });
              test.skip('skipped', () => {});
              test('writes output', () => { console.log('out: grüße'); });
              test('flaky', () => {
                const counter = path.join(__dirname, 'flaky.count');
                const runs = fs.existsSync(counter) ? Number(fs.readFileSync(counter, 'utf8')) : 0;
                fs.writeFileSync(counter, String(runs + 1));
                expect(runs).toBeGreaterThanOrEqual(1);
              });
              describe('nested', () => {
                test('passes deeper', () => { expect(true).toBe(true); });
              });
            });

            test('top level passes', () => { expect(1).toBe(1); });
            """);

    public static void Go(FixtureWorkspace workspace, string root = "repo") => workspace
        .Write($"{root}/go.mod", "module example.com/calc\n\ngo 1.19\n")
        .Write($"{root}/calc.go", "package calc\n\nfunc Add(a, b int) int { return a + b }\n")
        .Write($"{root}/calc_test.go", """
            package calc

            import (
                "fmt"
                "os"
                "strconv"
                "testing"
            )

            func TestPasses(t *testing.T) {
                if Add(2, 3) != 5 {
                    t.Fatal("wrong sum")
                }
            }

            func TestFails(t *testing.T) {
                if Add(2, 2) != 5 {
                    t.Fatal("two and two make four")
                }
            }

            func TestSkipped(t *testing.T) {
                t.Skip("not today")
            }

            func TestOutput(t *testing.T) {
                fmt.Println("out: grüße")
            }

            func TestFlaky(t *testing.T) {
                data, _ := os.ReadFile("flaky.count")
                runs, _ := strconv.Atoi(string(data))
                os.WriteFile("flaky.count", []byte(strconv.Itoa(runs+1)), 0o644)
                if runs < 1 {
                    t.Fatal("fails on its first run")
                }
            }

            func TestTable(t *testing.T) {
                for _, n := range []int{1, 2} {
                    t.Run(fmt.Sprint("n", n), func(t *testing.T) {})
                }
            }
            """);

    public static void JUnit(FixtureWorkspace workspace, string root = "repo") => workspace
        .Write($"{root}/src/main/java/com/example/Calc.java", "package com.example;\n\npublic class Calc {\n    public static int add(int a, int b) { return a + b; }\n}\n")
        .Write($"{root}/src/test/java/com/example/CalcTest.java", """
            package com.example;

            import static org.junit.jupiter.api.Assertions.assertEquals;
            import static org.junit.jupiter.api.Assertions.assertTrue;

            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.nio.file.Paths;
            import org.junit.jupiter.api.Disabled;
            import org.junit.jupiter.api.Nested;
            import org.junit.jupiter.api.Test;
            import org.junit.jupiter.params.ParameterizedTest;
            import org.junit.jupiter.params.provider.ValueSource;

            class CalcTest {
                @Test
                void passes() { assertEquals(5, Calc.add(2, 3)); }

                @Test
                void fails() { assertEquals(5, Calc.add(2, 2), "two and two make four"); }

                @Test
                @Disabled("not today")
                void skipped() { }

                @Test
                void output() { System.out.println("out: grüße"); }

                @Test
                void flaky() throws Exception {
                    Path counter = Paths.get("flaky.count");
                    int runs = Files.exists(counter) ? Integer.parseInt(Files.readString(counter).trim()) : 0;
                    Files.writeString(counter, String.valueOf(runs + 1));
                    assertTrue(runs >= 1, "fails on its first run");
                }

                @ParameterizedTest
                @ValueSource(ints = {1, 2})
                void positive(int value) { assertTrue(value > 0); }

                @Nested
                class Inner {
                    @Test
                    void passesInside() { assertEquals(3, Calc.add(1, 2)); }
                }
            }
            """);

    /// <summary>
    /// The JUnit project as a Maven build: besides JUnit its pom.xml declares Hamcrest 2.2 (Debian's junit5 brings it,
    /// in /usr/share/maven-repo) and <paramref name="extraDependency"/> (<c>group:artifact:version</c>), and a test
    /// asserts with Hamcrest on a file from src/test/resources.
    /// </summary>
    public static void JUnitMaven(FixtureWorkspace workspace, string root = "repo", string? extraDependency = null)
    {
        var extra = extraDependency?.Split(':') is [var group, var artifact, var version]
            ? $"""

                  <dependency>
                    <groupId>{group}</groupId>
                    <artifactId>{artifact}</artifactId>
                    <version>{version}</version>
                    <scope>test</scope>
                  </dependency>
              """
            : string.Empty;
        JUnitWithResources(workspace, root);
        workspace.Write($"{root}/pom.xml", $$"""
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>com.example</groupId>
              <artifactId>calc</artifactId>
              <version>1.0.0</version>
              <properties>
                <junit.version>5.9.2</junit.version>
                <hamcrest.version>2.2</hamcrest.version>
              </properties>
              <dependencies>
                <dependency>
                  <groupId>org.junit.jupiter</groupId>
                  <artifactId>junit-jupiter</artifactId>
                  <version>${junit.version}</version>
                  <scope>test</scope>
                </dependency>
                <dependency>
                  <groupId>org.hamcrest</groupId>
                  <artifactId>hamcrest</artifactId>
                  <version>${hamcrest.version}</version>
                  <scope>test</scope>
                </dependency>{{extra}}
              </dependencies>
              <build>
                <plugins>
                  <plugin>
                    <groupId>org.apache.maven.plugins</groupId>
                    <artifactId>maven-surefire-plugin</artifactId>
                    <version>3.2.5</version>
                  </plugin>
                </plugins>
              </build>
            </project>
            """);
    }

    /// <summary>The same as a Gradle build (Groovy DSL), Hamcrest declared in string notation.</summary>
    public static void JUnitGradle(FixtureWorkspace workspace, string root = "repo")
    {
        JUnitWithResources(workspace, root);
        workspace
            .Write($"{root}/settings.gradle", "rootProject.name = 'calc'\n")
            .Write($"{root}/build.gradle", """
                plugins {
                    id 'java'
                }

                repositories {
                    mavenCentral()
                }

                dependencies {
                    testImplementation 'org.junit.jupiter:junit-jupiter:5.9.2'
                    testImplementation 'org.hamcrest:hamcrest:2.2'
                }

                test {
                    useJUnitPlatform()
                }
                """);
    }

    static void JUnitWithResources(FixtureWorkspace workspace, string root)
    {
        JUnit(workspace, root);
        workspace
            .Write($"{root}/src/test/resources/greeting.txt", "hello\n")
            .Write($"{root}/src/test/java/com/example/ResourceTest.java", """
                package com.example;

                import static org.hamcrest.MatcherAssert.assertThat;
                import static org.hamcrest.Matchers.equalTo;

                import java.io.InputStream;
                import java.nio.charset.StandardCharsets;
                import org.junit.jupiter.api.Test;

                class ResourceTest {
                    @Test
                    void readsResource() throws Exception {
                        try (InputStream in = ResourceTest.class.getResourceAsStream("/greeting.txt")) {
                            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim(), equalTo("hello"));
                        }
                    }
                }
                """);
    }

    public static void Rspec(FixtureWorkspace workspace, string root = "repo") => workspace
        .Write($"{root}/.rspec", "--format documentation\n")
        .Write($"{root}/lib/calc.rb", "module Calc\n  def self.add(a, b)\n    a + b\n  end\nend\n")
        .Write($"{root}/spec/calc_spec.rb", """
            require_relative '../lib/calc'

            RSpec.describe Calc do
              it('passes') { expect(Calc.add(2, 3)).to eq(5) }
              it('fails') { expect(Calc.add(2, 2)).to eq(5) }
              it('is skipped', skip: 'not today') { expect(1).to eq(2) }
              it('writes output') { puts 'out: grüße' }

              it 'is flaky' do
                counter = File.join(__dir__, 'flaky.count')
                runs = File.exist?(counter) ? File.read(counter).to_i : 0
                File.write(counter, (runs + 1).to_s)
                expect(runs).to be >= 1
              end

              it('raises') { Calc.add(nil, 1) }
            end
            """);

    public static void PhpUnit(FixtureWorkspace workspace, string root = "repo") => workspace
        .Write($"{root}/phpunit.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <phpunit colors="false">
              <testsuites>
                <testsuite name="unit">
                  <directory suffix="Test.php">tests</directory>
                </testsuite>
              </testsuites>
            </phpunit>
            """)
        .Write($"{root}/tests/CalcTest.php", """
            <?php

            namespace App\Tests;

            use PHPUnit\Framework\TestCase;

            final class CalcTest extends TestCase
            {
                public function testPasses(): void { $this->assertSame(5, 2 + 3); }

                public function testFails(): void { $this->assertSame(5, 2 + 2, 'two and two make four'); }

                public function testSkipped(): void { $this->markTestSkipped('not today'); }

                public function testOutput(): void
                {
                    print("out: grüße\n");
                    $this->assertTrue(true);
                }

                public function testFlaky(): void
                {
                    $counter = __DIR__ . '/flaky.count';
                    $runs = file_exists($counter) ? (int) file_get_contents($counter) : 0;
                    file_put_contents($counter, (string) ($runs + 1));
                    $this->assertGreaterThanOrEqual(1, $runs, 'fails on its first run');
                }

                /** @dataProvider sums */
                public function testAdds(int $a, int $b, int $sum): void { $this->assertSame($sum, $a + $b); }

                public function sums(): array { return ['one' => [1, 1, 2], 'two' => [2, 2, 4]]; }
            }
            """);

    /// <summary>
    /// An xUnit v3 project, run by VSTest or (<paramref name="testingPlatform"/>, with a global.json choosing it) by
    /// Microsoft.Testing.Platform; the package versions are those the golden corpus restored, in the machine's NuGet
    /// cache. The flaky test's run counter: dotnet's tests run in bin/, so its path is written into the source.
    /// </summary>
    public static void Xunit(FixtureWorkspace workspace, string root = "repo", bool testingPlatform = false) => workspace
        .Write($"{root}/Calc.Tests.csproj", testingPlatform ? """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <OutputType>Exe</OutputType>
                <IsPackable>false</IsPackable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="xunit.v3" Version="4.0.2" />
                <PackageReference Include="Microsoft.Testing.Extensions.TrxReport" Version="2.5.1" />
              </ItemGroup>
            </Project>
            """ : """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <OutputType>Exe</OutputType>
                <IsPackable>false</IsPackable>
                <IsTestingPlatformApplication>false</IsTestingPlatformApplication>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.11.0" />
                <PackageReference Include="xunit.v3" Version="4.0.2" />
                <PackageReference Include="xunit.runner.visualstudio" Version="4.0.1" />
              </ItemGroup>
            </Project>
            """)
        .Write($"{root}/global.json", testingPlatform ? """{ "test": { "runner": "Microsoft.Testing.Platform" } }""" : "{ }")
        .Write($"{root}/CalcTests.cs", $$"""
            using Xunit;

            namespace Fixture.Calc;

            public class CalcTests(ITestOutputHelper output)
            {
                [Fact]
                public void Passes() => Assert.Equal(5, 2 + 3);

                [Fact]
                public void Fails() => Assert.True(2 + 2 == 5, "two and two make four");

                [Fact(Skip = "not today")]
                public void Skipped() => Assert.Fail("never runs");

                [Fact]
                public void Output() => output.WriteLine("out: grüße");

                [Fact]
                public void Flaky()
                {
                    var counter = {{Literal(workspace.Full($"{root}/flaky.count"))}};
                    var runs = File.Exists(counter) ? int.Parse(File.ReadAllText(counter)) : 0;
                    File.WriteAllText(counter, (runs + 1).ToString());
                    Assert.True(runs >= 1, "fails on its first run");
                }

                [Theory]
                [InlineData(1, 2)]
                [InlineData(2, 3)]
                public void Increments(int value, int next) => Assert.Equal(next, value + 1);
            }
            """);

    /// <summary>
    /// An NUnit project run by VSTest or (<paramref name="testingPlatform"/>: NUnit's own runner, a global.json choosing
    /// it) by Microsoft.Testing.Platform, with the packages' versions the NuGet mirror restored (NUnit 5, adapter 6).
    /// </summary>
    public static void Nunit(FixtureWorkspace workspace, string root = "repo", bool testingPlatform = false) => workspace
        .Write($"{root}/Calc.Tests.csproj", testingPlatform ? """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <OutputType>Exe</OutputType>
                <EnableNUnitRunner>true</EnableNUnitRunner>
                <IsPackable>false</IsPackable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="NUnit" Version="5.0.0" />
                <PackageReference Include="NUnit3TestAdapter" Version="6.3.1" />
                <PackageReference Include="NUnit.Analyzers" Version="4.15.0" />
                <PackageReference Include="Microsoft.Testing.Extensions.TrxReport" Version="2.5.1" />
              </ItemGroup>
            </Project>
            """ : """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <IsPackable>false</IsPackable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.11.0" />
                <PackageReference Include="NUnit" Version="5.0.0" />
                <PackageReference Include="NUnit3TestAdapter" Version="6.3.1" />
                <PackageReference Include="NUnit.Analyzers" Version="4.15.0" />
              </ItemGroup>
            </Project>
            """)
        .Write($"{root}/global.json", testingPlatform ? """{ "test": { "runner": "Microsoft.Testing.Platform" } }""" : "{ }")
        .Write($"{root}/CalcTests.cs", $$"""
            using NUnit.Framework;

            namespace Fixture.Calc;

            public class CalcTests
            {
                static int Add(int a, int b) => a + b;

                [Test]
                public void Passes() => Assert.That(Add(2, 3), Is.EqualTo(5));

                [Test]
                public void Fails() => Assert.That(Add(2, 2), Is.EqualTo(5), "two and two make four");

                [Test, Ignore("not today")]
                public void Skipped() => Assert.Fail("never runs");

                [Test]
                public void Output() => TestContext.Out.WriteLine("out: grüße");

                [Test]
                public void Flaky()
                {
                    var counter = {{Literal(workspace.Full($"{root}/flaky.count"))}};
                    var runs = File.Exists(counter) ? int.Parse(File.ReadAllText(counter)) : 0;
                    File.WriteAllText(counter, (runs + 1).ToString());
                    Assert.That(runs, Is.GreaterThanOrEqualTo(1), "fails on its first run");
                }

                [TestCase(1, 2)]
                [TestCase(2, 3)]
                public void Increments(int value, int next) => Assert.That(value + 1, Is.EqualTo(next));
            }
            """);

    /// <summary>
    /// An MSTest project run by VSTest or (<paramref name="testingPlatform"/>: MSTest's own runner, a global.json choosing
    /// it) by Microsoft.Testing.Platform (MSTest.TestFramework and MSTest.TestAdapter 4.5.3 from the NuGet mirror).
    /// </summary>
    public static void Mstest(FixtureWorkspace workspace, string root = "repo", bool testingPlatform = false) => workspace
        .Write($"{root}/Calc.Tests.csproj", testingPlatform ? """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <OutputType>Exe</OutputType>
                <EnableMSTestRunner>true</EnableMSTestRunner>
                <IsPackable>false</IsPackable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MSTest.TestFramework" Version="4.5.3" />
                <PackageReference Include="MSTest.TestAdapter" Version="4.5.3" />
                <PackageReference Include="Microsoft.Testing.Extensions.TrxReport" Version="2.5.1" />
              </ItemGroup>
            </Project>
            """ : """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <IsPackable>false</IsPackable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.11.0" />
                <PackageReference Include="MSTest.TestFramework" Version="4.5.3" />
                <PackageReference Include="MSTest.TestAdapter" Version="4.5.3" />
              </ItemGroup>
            </Project>
            """)
        .Write($"{root}/global.json", testingPlatform ? """{ "test": { "runner": "Microsoft.Testing.Platform" } }""" : "{ }")
        .Write($"{root}/CalcTests.cs", $$"""
            using Microsoft.VisualStudio.TestTools.UnitTesting;

            namespace Fixture.Calc;

            [TestClass]
            public class CalcTests
            {
                static int Add(int a, int b) => a + b;

                [TestMethod]
                public void Passes() => Assert.AreEqual(5, Add(2, 3));

                [TestMethod]
                public void Fails() => Assert.AreEqual(5, Add(2, 2), "two and two make four");

                [TestMethod]
                [Ignore("not today")]
                public void Skipped() => Assert.Fail("never runs");

                [TestMethod]
                public void Output() => Console.WriteLine("out: grüße");

                [TestMethod]
                public void Flaky()
                {
                    var counter = {{Literal(workspace.Full($"{root}/flaky.count"))}};
                    var runs = File.Exists(counter) ? int.Parse(File.ReadAllText(counter)) : 0;
                    File.WriteAllText(counter, (runs + 1).ToString());
                    Assert.IsTrue(runs >= 1, "fails on its first run");
                }

                [TestMethod]
                [DataRow(1, 2)]
                [DataRow(2, 3)]
                public void Increments(int value, int next) => Assert.AreEqual(next, value + 1);
            }
            """);

    /// <summary>
    /// Adds to the NUnit or MSTest fixture at <paramref name="root"/> a hook the framework calls before every test it runs
    /// (NUnit: an assembly-level <c>ITestAction</c>; MSTest: <c>[GlobalTestInitialize]</c>), appending the test's name
    /// and the process id to <paramref name="log"/>: the log shows which tests ran, in which process, in what sequence,
    /// without touching the fixture's tests. Skipped (ignored) tests never reach the hook.
    /// </summary>
    public static void ProcessLog(FixtureWorkspace workspace, string root, string variant, string log)
    {
        const string Append = """
                    lock (typeof(Ran))
                    {
                        System.IO.File.AppendAllText(Log, name + " " + System.Environment.ProcessId + "\n");
                    }
            """;
        workspace.Write($"{root}/Ran.cs", variant switch
        {
            "nunit" => $$"""
                using NUnit.Framework;
                using NUnit.Framework.Interfaces;

                [assembly: Fixture.Calc.Ran]

                namespace Fixture.Calc;

                [AttributeUsage(AttributeTargets.Assembly)]
                public sealed class Ran : Attribute, ITestAction
                {
                    const string Log = {{Literal(log)}};

                    public ActionTargets Targets => ActionTargets.Test;

                    public void BeforeTest(ITest test)
                    {
                        var name = test.Name;
                {{Append}}
                    }

                    public void AfterTest(ITest test)
                    {
                    }
                }
                """,
            "mstest" => $$"""
                using Microsoft.VisualStudio.TestTools.UnitTesting;

                namespace Fixture.Calc;

                [TestClass]
                public class Ran
                {
                    const string Log = {{Literal(log)}};

                    [GlobalTestInitialize]
                    public static void BeforeTest(TestContext context)
                    {
                        var name = context.TestName;
                {{Append}}
                    }
                }
                """,
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "nunit or mstest"),
        });
    }

    /// <summary>Copies a fixture project into another workspace (a history harness's), files only.</summary>
    public static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    internal static string Literal(string text) => "@\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
