using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.History;
using Lightning.Testing.Parallel;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Runners;
using Lightning.Testing.Tests.Detection;
using Lightning.Testing.Tests.History;
using Lightning.Testing.Tests.Runners;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Testing.Tests.Parallel;

/// <summary>
/// Sharding beyond pytest, on the real toolchains: each framework's suite run whole and in shards gives the same cases
/// with the same outcomes, every case in exactly one shard; history balances the shards.
/// </summary>
[Collection(RunnerCollection.Name)]
public sealed class ShardedFrameworksTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Jest_ShardedByFile_SameResultsAsOneRun_AndHistoryPutsTheSlowFileAlone()
    {
        var jest = Toolchain.JestBinDirectory();
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true, services: services =>
            services.Configure<TestToolchainOptions>(options => options.SearchPath = jest + Path.PathSeparator + Toolchain.Path));
        Write(harness, "web/package.json", """{ "name": "web", "private": true, "scripts": { "test": "jest" }, "devDependencies": { "jest": "^30.0.0" } }""");
        Write(harness, "web/src/slow.test.js", """
            describe('slow', () => {
              test('takes its time', async () => { await new Promise(r => setTimeout(r, 1500)); expect(1).toBe(1); });
            });
            """);
        Write(harness, "web/src/math.test.js", "describe('math', () => { test('adds', () => expect(1 + 1).toBe(2)); test('fails', () => expect(1).toBe(2)); });\n");
        Write(harness, "web/src/text.test.js", "test('upper', () => expect('a'.toUpperCase()).toBe('A'));\ntest.skip('later', () => {});\n");
        // Same file name in another directory: a path pattern would run both, an exact path only its own.
        Write(harness, "web/lib/src/text.test.js", "test('lib upper', () => expect('b'.toUpperCase()).toBe('B'));\n");

        await AssertShardedLikeWholeAsync(harness, "web", shards: 2, expectedCases: 6);

        // History now says slow.test.js takes ~1.5 s and the others almost nothing: it gets a shard of its own.
        var tags = await ShardOfEachCaseAsync(harness, "web", 2);
        var slowShard = tags.Single(t => t.Key.Contains("takes its time", StringComparison.Ordinal)).Value;
        tags.Where(t => t.Value == slowShard).ShouldHaveSingleItem();
        tags.Count(t => t.Value != slowShard).ShouldBe(5);
    }

    [Fact]
    public async Task GoTest_ShardedByPackage_AndByTestNameWhenPackagesAreFewer_SameResultsAsOneRun()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        Write(harness, "svc/go.mod", "module example.com/svc\n\ngo 1.19\n");
        Write(harness, "svc/calc_test.go", """
            package calc

            import "testing"

            func TestAdd(t *testing.T) {}
            func TestFails(t *testing.T) { t.Fatal("no") }
            func TestShared(t *testing.T) { t.Run("sub", func(t *testing.T) {}) }
            func BenchmarkAdd(b *testing.B) {}
            """);
        Write(harness, "svc/text/text_test.go", "package text\n\nimport \"testing\"\n\nfunc TestShared(t *testing.T) {}\nfunc TestUpper(t *testing.T) { t.Skip(\"later\") }\n");
        Write(harness, "svc/util/util_test.go", "package util\n\nimport \"testing\"\n\nfunc TestUtil(t *testing.T) {}\n");

        // 3 packages, 2 shards: whole packages. 3 packages, 4 shards: by test name (TestShared of both packages together).
        await AssertShardedLikeWholeAsync(harness, "svc", shards: 2, expectedCases: 7);
        await AssertShardedLikeWholeAsync(harness, "svc", shards: 4, expectedCases: 7);
    }

    /// <summary>
    /// Lightning:Testing:Toolchains:GoBuildTags: the run builds with <c>-tags=integration</c>, and so does the shard
    /// listing (<c>go list</c>, <c>go test -list</c>): a package whose only test file is behind <c>//go:build
    /// integration</c>, and a tagged test beside untagged ones, are listed, sharded and run.
    /// </summary>
    [Fact]
    public async Task GoTest_BuildTagsConfigured_TheListingSeesTaggedPackagesAndTests_AndTheRunRunsThem()
    {
        await using var untagged = await HistoryHarness.CreateAsync(realRunner: true);
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true, services: services =>
            services.Configure<TestToolchainOptions>(options => options.GoBuildTags = "integration"));
        foreach (var root in new[] { untagged.Workspace.Root, harness.Workspace.Root })
        {
            WriteAt(root, "svc/go.mod", "module example.com/svc\n\ngo 1.19\n");
            WriteAt(root, "svc/calc_test.go", "package calc\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {}\n");
            WriteAt(root, "svc/slow_test.go", "//go:build integration\n\npackage calc\n\nimport \"testing\"\n\nfunc TestSlow(t *testing.T) {}\n");
            WriteAt(root, "svc/db/db_test.go", "//go:build integration\n\npackage db\n\nimport \"testing\"\n\nfunc TestDatabase(t *testing.T) {}\n");
        }

        // Without tags go sees one package with tests, and one test in it: nothing to shard.
        (await ListAsync(untagged, "svc", 2)).Units.Select(u => u.Id).ShouldBe(["TestAdd"]);
        var whole = await RunAsync(untagged, new TestRunStart(new TestTarget(untagged.Workspace, "svc", "svc")) { Shards = 2 });
        whole.Results.Select(r => r.Id).ShouldBe(["example.com/svc::TestAdd"]);

        // With them: two packages (2 shards, by package), and three tests (3 shards, more than packages: by name).
        (await ListAsync(harness, "svc", 2)).Units.Select(u => u.Id).ShouldBe(["example.com/svc", "example.com/svc/db"]);
        (await ListAsync(harness, "svc", 3)).Units.Select(u => u.Id).ShouldBe(["TestAdd", "TestDatabase", "TestSlow"]);
        await AssertShardedLikeWholeAsync(harness, "svc", shards: 2, expectedCases: 3);
        await AssertShardedLikeWholeAsync(harness, "svc", shards: 3, expectedCases: 3);
        var tagged = await RunAsync(harness, new TestRunStart(new TestTarget(harness.Workspace, "svc", "svc")));
        tagged.Results.Select(r => r.Id).Order(StringComparer.Ordinal).ShouldBe(["example.com/svc/db::TestDatabase", "example.com/svc::TestAdd", "example.com/svc::TestSlow"]);
    }

    [Fact]
    public async Task Rspec_ShardedByExampleId_SameResultsAsOneRun()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        Write(harness, "gem/.rspec", "--format documentation\n");
        Write(harness, "gem/spec/calc_spec.rb", """
            RSpec.describe 'Calc' do
              it('adds') { expect(1 + 1).to eq(2) }
              it('fails') { expect(1).to eq(2) }
              it('is skipped', skip: 'later') { }
              [1, 2, 3].each { |n| it("squares #{n}") { expect(n * n).to be >= n } }
              context 'twice' do
                it('adds') { expect(2 + 2).to eq(4) }
              end
            end
            """);
        Write(harness, "gem/spec/text_spec.rb", "RSpec.describe 'Text' do\n  it('upcases') { expect('a'.upcase).to eq('A') }\nend\n");

        await AssertShardedLikeWholeAsync(harness, "gem", shards: 3, expectedCases: 8);
    }

    [Fact]
    public async Task PhpUnit_ShardedByMethodWithItsDataSets_SameResultsAsOneRun()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        Write(harness, "php/phpunit.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <phpunit colors="false"><testsuites><testsuite name="unit"><directory suffix="Test.php">tests</directory></testsuite></testsuites></phpunit>
            """);
        Write(harness, "php/tests/CalcTest.php", """
            <?php
            namespace App\Tests;
            use PHPUnit\Framework\TestCase;
            final class CalcTest extends TestCase
            {
                public function testAdds(): void { $this->assertSame(2, 1 + 1); }
                public function testFails(): void { $this->assertSame(2, 1); }
                public function testSkipped(): void { $this->markTestSkipped('later'); }
                /** @dataProvider sums */
                public function testSum(int $n): void { $this->assertGreaterThan(0, $n); }
                public static function sums(): array { return ['one' => [1], 'two' => [2], [3]]; }
            }
            """);
        Write(harness, "php/tests/TextTest.php", """
            <?php
            namespace App\Tests;
            use PHPUnit\Framework\TestCase;
            final class TextTest extends TestCase
            {
                public function testUpper(): void { $this->assertSame('A', strtoupper('a')); }
                public function testAddsText(): void { $this->assertSame('ab', 'a' . 'b'); }
            }
            """);

        await AssertShardedLikeWholeAsync(harness, "php", shards: 2, expectedCases: 8);
    }

    [Fact]
    public async Task JUnit5_ShardedByMethod_SameResultsAsOneRun_EachShardRunsOnlyItsMethods()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        using var fixture = new FixtureWorkspace();
        RunnerFixtures.JUnit(fixture, "java");
        RunnerFixtures.CopyDirectory(fixture.Full("java"), Path.Combine(harness.Workspace.Root, "java"));
        var counter = Path.Combine(harness.Workspace.Root, "java", "flaky.count");

        // 8 cases in 7 methods: a parameterized method (2 invocations) and a @Nested class's method are units too.
        var listing = await ListAsync(harness, "java", 3);
        listing.Units.Select(u => u.Id).ShouldBe([
            "com.example.CalcTest#fails()", "com.example.CalcTest#flaky()", "com.example.CalcTest#output()", "com.example.CalcTest#passes()",
            "com.example.CalcTest#positive(int)", "com.example.CalcTest#skipped()", "com.example.CalcTest$Inner#passesInside()"], ignoreOrder: true);

        // The flaky test counts its runs in the project: each run starts from none, so both fail it alike.
        await AssertShardedLikeWholeAsync(harness, "java", shards: 3, expectedCases: 8, beforeEach: () => File.Delete(counter));
    }

    [Fact]
    public async Task DotnetTest_XunitUnderVSTest_ShardedByFullyQualifiedName_SameResultsAsOneRun()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        using var fixture = new FixtureWorkspace();
        RunnerFixtures.Xunit(fixture, "xunit");
        RunnerFixtures.CopyDirectory(fixture.Full("xunit"), Path.Combine(harness.Workspace.Root, "xunit"));

        // The listing (vstest.console's fully qualified names) builds the project; a theory is one unit for its rows.
        var listing = await ListAsync(harness, "xunit", 2);
        listing.Prebuilt.ShouldBeTrue();
        listing.Units.SelectMany(u => u.Tests).ShouldBe([
            "Fixture.Calc.CalcTests.Fails", "Fixture.Calc.CalcTests.Flaky", "Fixture.Calc.CalcTests.Increments", "Fixture.Calc.CalcTests.Output",
            "Fixture.Calc.CalcTests.Passes", "Fixture.Calc.CalcTests.Skipped"], ignoreOrder: true);

        await AssertShardedLikeWholeAsync(harness, "xunit", shards: 2, expectedCases: 7, beforeEach: () => File.Delete(fixture.Full("xunit/flaky.count")));
    }

    [Fact]
    public async Task DotnetTest_NunitUnderVSTest_CasesWithArgumentsSelectedByTheirMethod_SameResultsAsOneRun()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        using var fixture = new FixtureWorkspace();
        RunnerFixtures.Nunit(fixture, "nunit");
        RunnerFixtures.CopyDirectory(fixture.Full("nunit"), Path.Combine(harness.Workspace.Root, "nunit"));

        // NUnit's fully qualified names carry a case's arguments: the method's unit selects each case by its exact name.
        var listing = await ListAsync(harness, "nunit", 3);
        listing.Units.Single(u => u.Id == "Fixture.Calc.CalcTests.Increments").Tests.ShouldBe(
            ["Fixture.Calc.CalcTests.Increments(1,2)", "Fixture.Calc.CalcTests.Increments(2,3)"], ignoreOrder: true);

        await AssertShardedLikeWholeAsync(harness, "nunit", shards: 3, expectedCases: 7, beforeEach: () => File.Delete(fixture.Full("nunit/flaky.count")));
    }

    [Fact]
    public async Task DotnetTest_XunitUnderTestingPlatform_ShardedByFilterMethod_SameResultsAsOneRun()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        using var fixture = new FixtureWorkspace();
        RunnerFixtures.Xunit(fixture, "mtp", testingPlatform: true);
        RunnerFixtures.CopyDirectory(fixture.Full("mtp"), Path.Combine(harness.Workspace.Root, "mtp"));

        var listing = await ListAsync(harness, "mtp", 2);
        listing.Units.Count.ShouldBe(6);
        await AssertShardedLikeWholeAsync(harness, "mtp", shards: 2, expectedCases: 7, beforeEach: () => File.Delete(fixture.Full("mtp/flaky.count")));
    }

    [Fact]
    public async Task DotnetTest_NunitUnderTestingPlatform_ListedAsJson_CasesSelectedByTheirFullNames_SameResultsAsOneRun()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        using var fixture = new FixtureWorkspace();
        RunnerFixtures.Nunit(fixture, "nunit-mtp", testingPlatform: true);
        RunnerFixtures.CopyDirectory(fixture.Full("nunit-mtp"), Path.Combine(harness.Workspace.Root, "nunit-mtp"));
        // Names a filter must quote and escape: arguments with a space, a comma, a parenthesis and double quotes; a nested class.
        Write(harness, "nunit-mtp/TextTests.cs", """
            using NUnit.Framework;

            namespace Fixture.Calc.More;

            public class TextTests
            {
                [TestCase("a b")]
                [TestCase("x,y)")]
                public void Strings(string text) => Assert.That(text, Is.Not.Empty);

                public class Nested
                {
                    [Test]
                    public void Deep() => Assert.That(1 + 1, Is.EqualTo(2));
                }
            }
            """);

        // --list-tests json names each test's method; NUnit's uid is its full name, arguments included.
        var listing = await ListAsync(harness, "nunit-mtp", 3);
        listing.Prebuilt.ShouldBeTrue();
        listing.Units.Select(u => u.Id).ShouldBe([
            "Fixture.Calc.CalcTests.Fails", "Fixture.Calc.CalcTests.Flaky", "Fixture.Calc.CalcTests.Increments", "Fixture.Calc.CalcTests.Output",
            "Fixture.Calc.CalcTests.Passes", "Fixture.Calc.CalcTests.Skipped", "Fixture.Calc.More.TextTests.Strings", "Fixture.Calc.More.TextTests+Nested.Deep"],
            ignoreOrder: true);
        listing.Units.Single(u => u.Id == "Fixture.Calc.CalcTests.Increments").Tests.ShouldBe(
            ["Fixture.Calc.CalcTests.Increments(1,2)", "Fixture.Calc.CalcTests.Increments(2,3)"], ignoreOrder: true);
        listing.Units.Single(u => u.Id == "Fixture.Calc.More.TextTests.Strings").Tests.ShouldBe(
            ["Fixture.Calc.More.TextTests.Strings(\"a b\")", "Fixture.Calc.More.TextTests.Strings(\"x,y)\")"], ignoreOrder: true);

        await AssertShardedLikeWholeAsync(harness, "nunit-mtp", shards: 3, expectedCases: 10, beforeEach: () => File.Delete(fixture.Full("nunit-mtp/flaky.count")));
    }

    [Fact]
    public async Task DotnetTest_MstestUnderTestingPlatform_ListedAsJson_SelectedByMethod_SameResultsAsOneRun()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        using var fixture = new FixtureWorkspace();
        RunnerFixtures.Mstest(fixture, "mstest-mtp", testingPlatform: true);
        RunnerFixtures.CopyDirectory(fixture.Full("mstest-mtp"), Path.Combine(harness.Workspace.Root, "mstest-mtp"));
        Write(harness, "mstest-mtp/TextTests.cs", """
            using Microsoft.VisualStudio.TestTools.UnitTesting;

            namespace Fixture.Calc.More;

            [TestClass]
            public class TextTests
            {
                [TestMethod]
                [DataRow("a b")]
                [DataRow("x,y)")]
                public void Strings(string text) => Assert.IsFalse(string.IsNullOrEmpty(text));

                [TestClass]
                public class Nested
                {
                    [TestMethod]
                    public void Deep() => Assert.AreEqual(2, 1 + 1);
                }
            }
            """);

        // MSTest's uids are GUIDs: a unit is the method, whose fully qualified name every data row shares.
        var listing = await ListAsync(harness, "mstest-mtp", 2);
        listing.Units.Select(u => u.Id).ShouldBe([
            "Fixture.Calc.CalcTests.Fails", "Fixture.Calc.CalcTests.Flaky", "Fixture.Calc.CalcTests.Increments", "Fixture.Calc.CalcTests.Output",
            "Fixture.Calc.CalcTests.Passes", "Fixture.Calc.CalcTests.Skipped", "Fixture.Calc.More.TextTests.Strings", "Fixture.Calc.More.TextTests+Nested.Deep"],
            ignoreOrder: true);
        listing.Units.ShouldAllBe(u => u.Tests.Count == 1 && u.Tests[0] == u.Id);

        await AssertShardedLikeWholeAsync(harness, "mstest-mtp", shards: 2, expectedCases: 10, beforeEach: () => File.Delete(fixture.Full("mstest-mtp/flaky.count")));
    }

    [Fact]
    public async Task DotnetTest_ProjectThatDoesNotCompile_NotShardedAndTheNoteAndTheErrorNameTheCompilerErrors()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        using var fixture = new FixtureWorkspace();
        RunnerFixtures.Xunit(fixture, "broken");
        fixture.Write("broken/Broken.cs", """
            namespace Fixture.Calc;

            public static class Broken
            {
                public static int Twice(int value) => value * missing;

                public static string Text() => 42;
            }
            """);
        RunnerFixtures.CopyDirectory(fixture.Full("broken"), Path.Combine(harness.Workspace.Root, "broken"));

        var run = await RunAsync(harness, new TestRunStart(new TestTarget(harness.Workspace, "broken", "broken")) { Shards = 2 });

        var note = (await harness.Runs.MergedRunAsync(run.Run.Id, Token)).Messages.Select(message => message.Text)
            .Single(text => text.StartsWith("Not sharded: the tests could not be listed", StringComparison.Ordinal));
        // The compiler's errors, each once, relative to the project and without MSBuild's project suffix; not the build's summary.
        note.ShouldContain("failed (exit code 1): Broken.cs(5,51): error CS0103: The name 'missing' does not exist in the current context | Broken.cs(7,36): error CS0029: Cannot implicitly convert type 'int' to 'string'); the whole project ran.");
        note.ShouldNotContain("Build FAILED");
        note.ShouldNotContain(".csproj]");
        // The whole project then fails to build as well, and its error names the same errors.
        run.Projects.ShouldHaveSingleItem().Error.ShouldNotBeNull().ShouldEndWith(
            "wrote no report (exit code 1): the build failed: Broken.cs(5,51): error CS0103: The name 'missing' does not exist in the current context | Broken.cs(7,36): error CS0029: Cannot implicitly convert type 'int' to 'string'");
    }

    /// <summary>Runs the project whole, then in shards, both recorded: the same cases, outcomes and totals; each case in one shard.</summary>
    static async Task AssertShardedLikeWholeAsync(HistoryHarness harness, string path, int shards, int expectedCases, Action? beforeEach = null)
    {
        var target = new TestTarget(harness.Workspace, path, path);
        beforeEach?.Invoke();
        var whole = await RunAsync(harness, new TestRunStart(target));
        beforeEach?.Invoke();
        var sharded = await RunAsync(harness, new TestRunStart(target) { Shards = shards });

        whole.Run.Totals.Total.ShouldBe(expectedCases, whole.Run.Error);
        sharded.Results.Select(r => (r.Id, r.Outcome)).Order().ShouldBe(whole.Results.Select(r => (r.Id, r.Outcome)).Order());
        (sharded.Run.Totals with { Duration = TimeSpan.Zero }).ShouldBe(whole.Run.Totals with { Duration = TimeSpan.Zero });
        sharded.Run.Status.ShouldBe(whole.Run.Status);
        var events = (await harness.Store.ReadEventsAsync(sharded.Run.Id, 0, 5000, Token)).Items;
        events.Where(e => e.Type == "run-started").Select(e => e.Project).Distinct().Count().ShouldBe(shards, "a run per shard");
        var ended = events.Where(e => e.Type is "passed" or "failed" or "skipped").ToList();
        ended.Count.ShouldBe(expectedCases, "each case once, in one shard: " + string.Join(", ", ended.Select(e => $"{e.Project} {e.Data}")));
    }

    /// <summary>A sharded run through the platform's runner, planned from the history recorded as <paramref name="path"/>: the shard tag of each case that started.</summary>
    static async Task<Dictionary<string, string>> ShardOfEachCaseAsync(HistoryHarness harness, string path, int shards)
    {
        var runner = harness.Services.GetRequiredService<ITestRunner>();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        await runner.RunAsync(new TestRunRequest { Repository = path, Workspace = harness.Workspace, Shards = shards, RecordedAs = path }, (tag, testEvent) =>
        {
            if (testEvent is CaseStartedEvent started)
            {
                tags[started.Id] = tag;
            }

            return ValueTask.CompletedTask;
        }, Token);
        return tags;
    }

    static async Task<TestRunDetails> RunAsync(HistoryHarness harness, TestRunStart start)
    {
        var run = await harness.Runs.StartAsync(start, Token);
        await harness.Runs.WaitAsync(run.Id, Token);
        return (await harness.Store.GetAsync(run.Id, null, Token))!;
    }

    /// <summary>The collector's listing of the project at <paramref name="path"/>, as a sharded run gets it.</summary>
    static async Task<ShardListing> ListAsync(HistoryHarness harness, string path, int shards)
    {
        var detection = await harness.Services.GetRequiredService<Lightning.Testing.Detection.TestFrameworkDetector>().DetectAsync(harness.Workspace, path, Token);
        var (listing, problem) = await harness.Services.GetRequiredService<ShardCollector>().ListAsync(detection, detection.Projects.Single(), shards, Token);
        listing.ShouldNotBeNull(problem);
        return listing;
    }

    static void Write(HistoryHarness harness, string path, string text) => WriteAt(harness.Workspace.Root, path, text);

    static void WriteAt(string root, string path, string text)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
