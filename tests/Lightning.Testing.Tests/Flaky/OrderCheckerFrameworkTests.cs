using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.Flaky;
using Lightning.Testing.History;
using Lightning.Testing.Runners;
using Lightning.Testing.Tests.Detection;
using Lightning.Testing.Tests.History;
using Lightning.Testing.Tests.Runners;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Testing.Tests.Flaky;

/// <summary>
/// The order check beyond pytest, on real Jest, go test, RSpec and PHPUnit projects: one test changes state another
/// depends on, the suite passes in its own order, and the check finds the order that breaks it and names the polluter.
/// </summary>
[Collection(RunnerCollection.Name)]
public sealed class OrderCheckerFrameworkTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    static async Task<FlakyDetectionReport> RecordThenCheckAsync(HistoryHarness harness, TestTarget target, int shuffles = 0)
    {
        var run = await harness.Runs.StartAsync(new TestRunStart(target), Token);
        await harness.Runs.WaitAsync(run.Id, Token);
        var view = (await harness.Runs.GetAsync(run.Id, Token))!;
        view.Status.ShouldBe(TestRunStatus.Passed, view.Error);
        return await harness.Services.GetRequiredService<FlakyDetector>().DetectAsync(
            new FlakyDetectRequest(target) { OrderCheck = true, Shuffles = shuffles, Reruns = 0 }, Token);
    }

    static async Task WriteAsync(string root, string path, string text)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, text, Token);
    }

    static void ShouldName(FlakyDetectionReport report, string victim, string polluter, string order)
    {
        var dependency = report.OrderDependencies.ShouldHaveSingleItem(string.Join(" | ", report.Notes));
        (dependency.Id, dependency.After).ShouldBe((victim, polluter));
        dependency.Evidence.ShouldContain($"failed in the {order} order");
        var verdict = report.Verdicts.ShouldHaveSingleItem();
        (verdict.Id, verdict.Status, verdict.Kind).ShouldBe((victim, FlakyStatus.Flaky, FlakyKind.OrderDependent));
    }

    [Fact]
    public async Task Jest_AFileThatChangesACoreModulesDefaults_IsNamedAsThePolluter()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true, services: services =>
            services.Configure<TestToolchainOptions>(options => options.SearchPath = Toolchain.JestBinDirectory() + Path.PathSeparator + Toolchain.Path));
        var root = Path.Combine(harness.Workspace.Root, "web");
        await WriteAsync(root, "package.json", """{ "name": "web", "private": true, "scripts": { "test": "jest" }, "devDependencies": { "jest": "^30.0.0" } }""");
        // Jest gives each file its own globals and modules, but files run in band share Node's core modules. Jest's
        // own order (no timings yet) runs the largest file first: the victim is the largest, so the first run passes.
        await WriteAsync(root, "a_format.test.js", """
            // Formats nested objects the way the log lines show them.
            const util = require('util');
            test('prints nested objects', () => { expect(util.inspect({ a: { b: 1 } })).toBe('{ a: { b: 1 } }'); });
            """);
        await WriteAsync(root, "b_math.test.js", "test('adds', () => { expect(1 + 1).toBe(2); });\n");
        await WriteAsync(root, "c_shallow.test.js", "const util = require('util');\ntest('prints shallow', () => { util.inspect.defaultOptions.depth = 0; });\n");
        await WriteAsync(root, "d_text.test.js", "test('upper', () => { expect('a'.toUpperCase()).toBe('A'); });\n");

        var report = await RecordThenCheckAsync(harness, new TestTarget(harness.Workspace, "web", "web"));

        ShouldName(report, "a_format.test.js::prints nested objects", "c_shallow.test.js::prints shallow", "reverse");
        report.Notes.ShouldContain("Order check (jest): test files are reordered and run one at a time; tests within a file keep their order.");
    }

    [Fact]
    public async Task GoTest_APackageVariableFilledByAnotherTest_IsFoundThroughShuffleSeeds()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        var root = Path.Combine(harness.Workspace.Root, "cache");
        await WriteAsync(root, "go.mod", "module example.com/cache\n\ngo 1.19\n");
        await WriteAsync(root, "cache_test.go", """
            package cache

            import "testing"

            var cache map[string]int

            func TestAReadsCache(t *testing.T) {
            	if cache != nil {
            		t.Fatalf("cache left over by another test: %v", cache)
            	}
            }

            func TestBPlain(t *testing.T) {}

            func TestCPlain(t *testing.T) {}

            func TestDFillsCache(t *testing.T) {
            	cache = map[string]int{"user": 1}
            }

            func TestEPlain(t *testing.T) {}
            """);

        // Seeds 1 and 2 (checked on go 1.19): -shuffle=1 keeps TestAReadsCache before TestDFillsCache, -shuffle=2 does not.
        var report = await RecordThenCheckAsync(harness, new TestTarget(harness.Workspace, "cache", "cache"), shuffles: 1);

        ShouldName(report, "example.com/cache::TestAReadsCache", "example.com/cache::TestDFillsCache", "-shuffle=2");
        report.OrderDependencies[0].Evidence.ShouldContain("cache left over by another test");
        report.Notes[0].ShouldBe("Order check: 3 orders (source, -shuffle=1, -shuffle=2) of 5 tests.");
    }

    [Fact]
    public async Task Rspec_AGlobalSetInAnotherSpecFile_IsNamedAsThePolluter()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        var root = Path.Combine(harness.Workspace.Root, "app");
        // A project's own --order is forced before the check's ordering loads; the check's wins.
        await WriteAsync(root, ".rspec", "--order defined\n");
        await WriteAsync(root, "spec/alpha_spec.rb", """
            RSpec.describe 'Greeting' do
              it 'is in the default locale' do
                expect($locale).to be_nil, "locale left over by another spec: #{$locale}"
              end

              it 'is short' do
                expect('hi'.size).to eq(2)
              end
            end
            """);
        await WriteAsync(root, "spec/middle_spec.rb", "RSpec.describe 'Math' do\n  it 'adds' do\n    expect(1 + 1).to eq(2)\n  end\nend\n");
        await WriteAsync(root, "spec/zeta_spec.rb", """
            RSpec.describe 'Locale switcher' do
              it 'counts' do
                expect([1, 2].size).to eq(2)
              end

              it 'switches to French' do
                $locale = 'fr'
              end
            end
            """);

        var report = await RecordThenCheckAsync(harness, new TestTarget(harness.Workspace, "app", "app"));

        ShouldName(report, "spec.alpha_spec::Greeting is in the default locale", "spec.zeta_spec::Locale switcher switches to French", "reverse");
        report.OrderDependencies[0].Evidence.ShouldContain("locale left over by another spec: fr");
    }

    [Fact]
    public async Task PhpUnit_AStaticRegistryFilledByAnotherClass_IsNamedAsThePolluter()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        var root = Path.Combine(harness.Workspace.Root, "shop");
        await WriteAsync(root, "phpunit.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <phpunit colors="false" executionOrder="default">
              <testsuites><testsuite name="unit"><directory suffix="Test.php">tests</directory></testsuite></testsuites>
            </phpunit>
            """);
        await WriteAsync(root, "tests/Registry.php", "<?php\nnamespace App\\Tests;\n\nfinal class Registry\n{\n    public static array $items = [];\n}\n");
        await WriteAsync(root, "tests/AlphaTest.php", """
            <?php
            namespace App\Tests;

            use PHPUnit\Framework\TestCase;

            require_once __DIR__ . '/Registry.php';

            final class AlphaTest extends TestCase
            {
                public function testStartsEmpty(): void { $this->assertSame([], Registry::$items, 'registry left over by another test'); }

                public function testPlain(): void { $this->assertTrue(true); }
            }
            """);
        await WriteAsync(root, "tests/ZetaTest.php", """
            <?php
            namespace App\Tests;

            use PHPUnit\Framework\TestCase;

            require_once __DIR__ . '/Registry.php';

            final class ZetaTest extends TestCase
            {
                public function testCounts(): void { $this->assertCount(2, [1, 2]); }

                public function testRegisters(): void { Registry::$items[] = 'plugin'; $this->assertCount(1, Registry::$items); }

                public function testPlain(): void { $this->assertTrue(true); }
            }
            """);

        var report = await RecordThenCheckAsync(harness, new TestTarget(harness.Workspace, "shop", "shop"));

        ShouldName(report, "App.Tests.AlphaTest::testStartsEmpty", "App.Tests.ZetaTest::testRegisters", "reverse");
        report.OrderDependencies[0].Evidence.ShouldContain("registry left over by another test");
        report.Notes.ShouldContain("Order check (phpunit): a class's tests run together, at the place of its first test in the order.");
    }

    [Fact]
    public async Task JUnit5_Maven_AStaticRegistryFilledByAnotherClass_IsNamedAsThePolluter()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        var root = Path.Combine(harness.Workspace.Root, "shop");
        await WriteAsync(root, "pom.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>com.example</groupId>
              <artifactId>shop</artifactId>
              <version>1.0.0</version>
              <dependencies>
                <dependency>
                  <groupId>org.junit.jupiter</groupId>
                  <artifactId>junit-jupiter</artifactId>
                  <version>5.9.2</version>
                  <scope>test</scope>
                </dependency>
              </dependencies>
            </project>
            """);
        await WriteAsync(root, "src/main/java/com/example/Registry.java", """
            package com.example;

            import java.util.ArrayList;
            import java.util.List;

            public final class Registry {
                public static final List<String> ITEMS = new ArrayList<>();

                private Registry() { }
            }
            """);
        await WriteAsync(root, "src/test/java/com/example/AlphaTest.java", """
            package com.example;

            import static org.junit.jupiter.api.Assertions.assertTrue;

            import org.junit.jupiter.api.Test;

            class AlphaTest {
                @Test
                void startsEmpty() { assertTrue(Registry.ITEMS.isEmpty(), "registry left over by another test: " + Registry.ITEMS); }

                @Test
                void plain() { }
            }
            """);
        await WriteAsync(root, "src/test/java/com/example/MiddleTest.java", """
            package com.example;

            import org.junit.jupiter.api.Test;

            class MiddleTest {
                @Test
                void adds() { }

                @Test
                void subtracts() { }
            }
            """);
        await WriteAsync(root, "src/test/java/com/example/ZetaTest.java", """
            package com.example;

            import org.junit.jupiter.api.Test;

            class ZetaTest {
                @Test
                void counts() { }

                @Test
                void registers() { Registry.ITEMS.add("plugin"); }

                @Test
                void plain() { }
            }
            """);
        var target = new TestTarget(harness.Workspace, "shop", "shop");
        // Jupiter runs classes in the order it found them on the class path (the file system's), so whether the
        // recorded order or its reverse is the one that fails depends on the disk: either way the check must bisect.
        var run = await harness.Runs.StartAsync(new TestRunStart(target), Token);
        await harness.Runs.WaitAsync(run.Id, Token);

        var report = await harness.Services.GetRequiredService<FlakyDetector>().DetectAsync(
            new FlakyDetectRequest(target) { OrderCheck = true, Shuffles = 0, Reruns = 0 }, Token);

        var dependency = report.OrderDependencies.ShouldHaveSingleItem(string.Join(" | ", report.Notes));
        (dependency.Id, dependency.After).ShouldBe(("com.example.AlphaTest::startsEmpty()", "com.example.ZetaTest::registers()"));
        dependency.Evidence.ShouldContain("bisected to com.example.ZetaTest::registers()");
        dependency.Evidence.ShouldContain("registry left over by another test: [plugin]");
        var verdict = report.Verdicts.ShouldHaveSingleItem();
        (verdict.Id, verdict.Status, verdict.Kind).ShouldBe(("com.example.AlphaTest::startsEmpty()", FlakyStatus.Flaky, FlakyKind.OrderDependent));
        report.Notes.ShouldContain("Order check: 2 orders (recorded, reverse) of 7 tests.");
        report.Notes.ShouldContain("Order check (junit5): a class's tests run together (its @Nested classes after its own methods), "
            + "at the place of its first test in the order; a class with its own @TestMethodOrder keeps it.");
    }

    [Fact]
    public async Task DetectAsync_Monorepo_ChecksEveryProjectThatCanBeReordered()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        var root = Path.Combine(harness.Workspace.Root, "mono");
        await WriteAsync(root, "py/pytest.ini", "[pytest]\n");
        await WriteAsync(root, "py/test_state.py", """
            STATE = {}

            def test_a_starts_empty():
                assert STATE == {}, "state left over by another test"

            def test_b_plain():
                assert 1 + 1 == 2

            def test_c_fills():
                STATE["x"] = 1
            """);
        await WriteAsync(root, "rb/spec/alpha_spec.rb", "RSpec.describe 'Alpha' do\n  it('has no user') { expect($user).to be_nil }\nend\n");
        await WriteAsync(root, "rb/spec/zeta_spec.rb", "RSpec.describe 'Zeta' do\n  it('logs in') { $user = 'ann' }\nend\n");

        var report = await RecordThenCheckAsync(harness, new TestTarget(harness.Workspace, "mono", "mono"));

        report.OrderDependencies.Select(d => (d.Project, d.Id, d.After)).OrderBy(d => d.Project).ShouldBe(
        [
            ("py", "test_state::test_a_starts_empty", "test_state::test_c_fills"),
            ("rb", "spec.alpha_spec::Alpha has no user", "spec.zeta_spec::Zeta logs in"),
        ]);
        report.Notes.ShouldContain("[py] Order check: 2 orders (recorded, reverse) of 3 tests.");
        report.Notes.ShouldContain("[rb] Order check: 2 orders (recorded, reverse) of 2 tests.");
    }

    [Fact]
    public async Task CheckAsync_FrameworksWithoutAnOrder_SayWhyAndRunNothing()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        var checker = new OrderChecker(harness.Services.GetRequiredService<ITestRunner>(), TimeSpan.FromMinutes(1));
        OrderedRunTest[] order = [new("cs", "X.ATest::A", null), new("cs", "X.BTest::B", null)];

        var dotnet = await checker.CheckAsync(harness.PytestProject(), "cs", "dotnet-test", order, 0, 1, Token);

        dotnet.Runs.ShouldBe(0);
        dotnet.Notes.ShouldHaveSingleItem().ShouldStartWith("Order check: not run for 'cs': dotnet test (xUnit, NUnit, MSTest) takes no test order on its command line");
        OrderChecker.CannotReorder("custom").ShouldNotBeNull();
        foreach (var framework in new[] { "pytest", "jest", "go", "go-test", "rspec", "phpunit", "junit5" })
        {
            OrderChecker.CannotReorder(framework).ShouldBeNull(framework);
        }
    }
}
