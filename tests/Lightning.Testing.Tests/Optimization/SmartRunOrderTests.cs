using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.History;
using Lightning.Testing.Tests.Detection;
using Lightning.Testing.Tests.History;
using Lightning.Testing.Tests.Runners;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Testing.Tests.Optimization;

/// <summary>
/// <c>order: smart</c> applied to real runs: a first run makes the history, the second runs in the smart order (the
/// order the report lists the cases in is the order they ran: pytest and Jest run one test after another here).
/// </summary>
[Collection(RunnerCollection.Name)]
public sealed class SmartRunOrderTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    static async Task<TestRunView> RunAsync(HistoryHarness harness, TestTarget target, string? order)
    {
        var run = await harness.Runs.StartAsync(new TestRunStart(target) { Order = order }, Token);
        await harness.Runs.WaitAsync(run.Id, Token);
        return (await harness.Runs.GetAsync(run.Id, Token))!;
    }

    [Fact]
    public async Task Pytest_SmartOrder_RunsTheLastFailureFirstThenTheFastestAndNewTestsLast()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        var target = harness.PytestProject();
        var file = Path.Combine(harness.Workspace.Root, "shop", "test_calc.py");
        await File.WriteAllTextAsync(file, """
            import time


            def test_a_slow():
                time.sleep(0.3)


            def test_b_fast():
                assert True


            def test_c_fails():
                assert 1 == 2
            """, Token);
        var first = await RunAsync(harness, target, order: null);
        (await harness.Runs.MergedRunAsync(first.Id, Token)).EnumerateCases().Select(testCase => testCase.Name)
            .ShouldBe(["test_a_slow", "test_b_fast", "test_c_fails"]);
        await File.AppendAllTextAsync(file, "\n\ndef test_d_new():\n    assert True\n", Token);

        var second = await RunAsync(harness, target, order: "smart");

        second.Status.ShouldBe(TestRunStatus.Failed, second.Error);
        var run = await harness.Runs.MergedRunAsync(second.Id, Token);
        run.EnumerateCases().Select(testCase => testCase.Name).ShouldBe(["test_c_fails", "test_b_fast", "test_a_slow", "test_d_new"]);
        run.Messages.ShouldContain(message => message.Text.StartsWith(
            "Smart order (tests by recent failure, failure rate, then speed; unlisted ones after): test_calc::test_c_fails, test_calc::test_b_fast, test_calc::test_a_slow",
            StringComparison.Ordinal));
    }

    [Fact]
    public async Task Jest_SmartOrder_RunsTestFilesFastestFirstThroughTheSequencer()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true, services: services =>
            services.Configure<TestToolchainOptions>(options => options.SearchPath = Toolchain.JestBinDirectory() + Path.PathSeparator + Toolchain.Path));
        var directory = Path.Combine(harness.Workspace.Root, "web");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "package.json"), """{ "name": "web", "private": true, "scripts": { "test": "jest" }, "devDependencies": { "jest": "^30.0.0" } }""", Token);
        // Jest's own sequencer runs the slowest (or, without timings, the largest) file first: the slow file is both.
        await File.WriteAllTextAsync(Path.Combine(directory, "slow.test.js"),
            "// " + new string('x', 4000) + "\ntest('slow', async () => { await new Promise((resolve) => setTimeout(resolve, 400)); });\n", Token);
        await File.WriteAllTextAsync(Path.Combine(directory, "fast.test.js"), "test('fast', () => { expect(1).toBe(1); });\n", Token);
        var target = new TestTarget(harness.Workspace, "web", "web");
        var first = await RunAsync(harness, target, order: null);
        first.Status.ShouldBe(TestRunStatus.Passed, first.Error);
        (await harness.Runs.MergedRunAsync(first.Id, Token)).EnumerateCases().Select(testCase => testCase.Name).ShouldBe(["slow", "fast"]);

        var second = await RunAsync(harness, target, order: "smart");

        second.Status.ShouldBe(TestRunStatus.Passed, second.Error);
        var run = await harness.Runs.MergedRunAsync(second.Id, Token);
        run.EnumerateCases().Select(testCase => testCase.Name).ShouldBe(["fast", "slow"]);
        run.Messages.ShouldContain(message => message.Text.StartsWith("Smart order (test files", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GoTest_SmartOrder_PutsThePackageOfTheLastFailureFirst()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        var directory = Path.Combine(harness.Workspace.Root, "calc");
        Directory.CreateDirectory(Path.Combine(directory, "alpha"));
        Directory.CreateDirectory(Path.Combine(directory, "beta"));
        await File.WriteAllTextAsync(Path.Combine(directory, "go.mod"), "module example.com/calc\n\ngo 1.19\n", Token);
        await File.WriteAllTextAsync(Path.Combine(directory, "alpha", "alpha_test.go"), "package alpha\n\nimport \"testing\"\n\nfunc TestAlpha(t *testing.T) {}\n", Token);
        await File.WriteAllTextAsync(Path.Combine(directory, "beta", "beta_test.go"), "package beta\n\nimport \"testing\"\n\nfunc TestBeta(t *testing.T) { t.Fatal(\"broken\") }\n", Token);
        var target = new TestTarget(harness.Workspace, "calc", "calc");
        // go test's own order: packages run side by side and report as they finish (either order).
        await RunAsync(harness, target, order: null);

        var second = await RunAsync(harness, target, order: "smart");

        var run = await harness.Runs.MergedRunAsync(second.Id, Token);
        run.EnumerateCases().Select(testCase => testCase.Name).ShouldBe(["TestBeta", "TestAlpha"]);
        run.Messages.ShouldContain(message => message.Text.StartsWith("Smart order (packages", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rspec_SmartOrder_RunsTheFailingGroupFirstAndOrdersExamplesWithinGroups()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        var directory = Path.Combine(harness.Workspace.Root, "app", "spec");
        Directory.CreateDirectory(directory);
        var alpha = Path.Combine(directory, "alpha_spec.rb");
        await File.WriteAllTextAsync(alpha, "RSpec.describe 'Alpha' do\n  it('slow') { sleep 0.3 }\n  it('fast') { expect(1).to eq(1) }\nend\n", Token);
        await File.WriteAllTextAsync(Path.Combine(directory, "zeta_spec.rb"), "RSpec.describe 'Zeta' do\n  it('fails') { expect(1).to eq(2) }\nend\n", Token);
        var target = new TestTarget(harness.Workspace, "app", "app");
        var first = await RunAsync(harness, target, order: null);
        (await harness.Runs.MergedRunAsync(first.Id, Token)).EnumerateCases().Select(testCase => testCase.Name).ShouldBe(["Alpha slow", "Alpha fast", "Zeta fails"]);
        await File.WriteAllTextAsync(alpha, "RSpec.describe 'Alpha' do\n  it('new') { expect(2).to eq(2) }\n  it('slow') { sleep 0.3 }\n  it('fast') { expect(1).to eq(1) }\nend\n", Token);

        var second = await RunAsync(harness, target, order: "smart");

        second.Status.ShouldBe(TestRunStatus.Failed, second.Error);
        var run = await harness.Runs.MergedRunAsync(second.Id, Token);
        // A group runs as a whole, at its first example's place; the new example (not in the history) comes last in its group.
        run.EnumerateCases().Select(testCase => testCase.Name).ShouldBe(["Zeta fails", "Alpha fast", "Alpha slow", "Alpha new"]);
        run.Messages.ShouldContain(message => message.Text.StartsWith(
            "Smart order (examples, each group at its first example's place, by recent failure, failure rate, then speed; unlisted ones after): spec.zeta_spec::Zeta fails, spec.alpha_spec::Alpha fast",
            StringComparison.Ordinal));
    }

    [Fact]
    public async Task PhpUnit_SmartOrder_RunsTheFailingClassFirstAndOrdersTestsWithinClasses()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        var directory = Path.Combine(harness.Workspace.Root, "shop");
        Directory.CreateDirectory(Path.Combine(directory, "tests"));
        await File.WriteAllTextAsync(Path.Combine(directory, "phpunit.xml"),
            "<?xml version=\"1.0\"?>\n<phpunit colors=\"false\"><testsuites><testsuite name=\"unit\"><directory suffix=\"Test.php\">tests</directory></testsuite></testsuites></phpunit>\n", Token);
        var alpha = Path.Combine(directory, "tests", "AlphaTest.php");
        const string Alpha = """
            <?php
            use PHPUnit\Framework\TestCase;

            final class AlphaTest extends TestCase
            {
                NEW
                public function testSlow(): void { usleep(300000); $this->assertTrue(true); }

                public function testFast(): void { $this->assertTrue(true); }
            }
            """;
        await File.WriteAllTextAsync(alpha, Alpha.Replace("NEW", string.Empty, StringComparison.Ordinal), Token);
        await File.WriteAllTextAsync(Path.Combine(directory, "tests", "ZetaTest.php"),
            "<?php\nuse PHPUnit\\Framework\\TestCase;\n\nfinal class ZetaTest extends TestCase\n{\n    public function testFails(): void { $this->assertSame(1, 2); }\n}\n", Token);
        var target = new TestTarget(harness.Workspace, "shop", "shop");
        var first = await RunAsync(harness, target, order: null);
        (await harness.Runs.MergedRunAsync(first.Id, Token)).EnumerateCases().Select(testCase => testCase.Name).ShouldBe(["testSlow", "testFast", "testFails"]);
        await File.WriteAllTextAsync(alpha, Alpha.Replace("NEW", "public function testNew(): void { $this->assertTrue(true); }", StringComparison.Ordinal), Token);

        var second = await RunAsync(harness, target, order: "smart");

        second.Status.ShouldBe(TestRunStatus.Failed, second.Error);
        var run = await harness.Runs.MergedRunAsync(second.Id, Token);
        // A class runs as a whole, at its first test's place; the new test (not in the history) comes last in its class.
        run.EnumerateCases().Select(testCase => testCase.Name).ShouldBe(["testFails", "testFast", "testSlow", "testNew"]);
        run.Messages.ShouldContain(message => message.Text.StartsWith(
            "Smart order (tests, each class at its first test's place, by recent failure, failure rate, then speed; unlisted ones after): ZetaTest::testFails, AlphaTest::testFast",
            StringComparison.Ordinal));
    }

    /// <summary>
    /// dotnet test takes no order: a smart-ordered run is split into two invocations. Each test appends its name and its
    /// process id to a log, so the log shows what ran in which invocation and in what sequence.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Dotnet_SmartOrder_RunsTheLastFailureInAFirstInvocationThenTheRestInASecond(bool testingPlatform)
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        var directory = Path.Combine(harness.Workspace.Root, "calc");
        var log = Path.Combine(directory, "ran.log");
        Directory.CreateDirectory(directory);
        // Under Microsoft.Testing.Platform the rest is excluded with --filter-not-method, under VSTest with FullyQualifiedName!=.
        await File.WriteAllTextAsync(Path.Combine(directory, "global.json"), testingPlatform ? """{ "test": { "runner": "Microsoft.Testing.Platform" } }""" : "{ }", Token);
        await File.WriteAllTextAsync(Path.Combine(directory, "Calc.Tests.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <OutputType>Exe</OutputType>
                <IsPackable>false</IsPackable>
                {(testingPlatform ? string.Empty : "<IsTestingPlatformApplication>false</IsTestingPlatformApplication>")}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="xunit.v3" Version="4.0.2" />
                {(testingPlatform
                    ? """<PackageReference Include="Microsoft.Testing.Extensions.TrxReport" Version="2.5.1" />"""
                    : """<PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.11.0" /><PackageReference Include="xunit.runner.visualstudio" Version="4.0.1" />""")}
              </ItemGroup>
            </Project>
            """, Token);
        await File.WriteAllTextAsync(Path.Combine(directory, "Ran.cs"), $$"""
            static class Ran
            {
                static readonly object Gate = new();

                public static void Test(string name)
                {
                    lock (Gate)
                    {
                        File.AppendAllText({{RunnerFixtures.Literal(log)}}, name + " " + Environment.ProcessId + "\n");
                    }
                }
            }
            """, Token);
        await File.WriteAllTextAsync(Path.Combine(directory, "AlphaTests.cs"), """
            using Xunit;

            namespace Fixture.Order;

            public class AlphaTests
            {
                [Fact]
                public void First() => Ran.Test("First");

                [Fact]
                public void Second() => Ran.Test("Second");
            }
            """, Token);
        await File.WriteAllTextAsync(Path.Combine(directory, "ZetaTests.cs"), """
            using Xunit;

            namespace Fixture.Order;

            public class ZetaTests
            {
                [Fact]
                public void Fails()
                {
                    Ran.Test("Fails");
                    Assert.Fail("always");
                }
            }
            """, Token);
        var target = new TestTarget(harness.Workspace, "calc", "calc");

        // No history yet: one invocation, as without an order.
        var first = await RunAsync(harness, target, order: "smart");
        first.Status.ShouldBe(TestRunStatus.Failed, first.Error);
        (await harness.Runs.MergedRunAsync(first.Id, Token)).Messages.ShouldContain(message =>
            message.Text == "Smart order: no history of these tests yet, so they ran in one invocation in the framework's own order.");
        var once = Lines(log);
        once.Select(line => line.Name).Order(StringComparer.Ordinal).ShouldBe(["Fails", "First", "Second"]);
        once.Select(line => line.Process).Distinct().ShouldHaveSingleItem();
        File.Delete(log);

        var second = await harness.Runs.StartAsync(new TestRunStart(target) { Order = "smart", Retries = 1 }, Token);
        await harness.Runs.WaitAsync(second.Id, Token);

        (await harness.Runs.GetAsync(second.Id, Token))!.Status.ShouldBe(TestRunStatus.Failed);
        var ran = Lines(log);
        // The last failure alone in the first process, the rest together in a second, then its retry in a third.
        ran.Count.ShouldBe(4);
        (ran[0].Name, ran[3].Name).ShouldBe(("Fails", "Fails"));
        ran.Skip(1).Take(2).Select(line => line.Name).Order(StringComparer.Ordinal).ShouldBe(["First", "Second"]);
        ran[1].Process.ShouldBe(ran[2].Process);
        new[] { ran[0].Process, ran[1].Process, ran[3].Process }.Distinct().Count().ShouldBe(3);
        var run = await harness.Runs.MergedRunAsync(second.Id, Token);
        run.EnumerateCases().Select(testCase => (testCase.Name, testCase.Outcome)).OrderBy(c => c.Name, StringComparer.Ordinal)
            .ShouldBe([("Fails", Lightning.Testing.Results.TestOutcome.Failed), ("First", Lightning.Testing.Results.TestOutcome.Passed), ("Second", Lightning.Testing.Results.TestOutcome.Passed)]);
        run.EnumerateCases().Single(testCase => testCase.Name == "Fails").Attempts.Count.ShouldBe(2);
        // One live stream: every case started once (the failing one first), numbered without a gap across both invocations.
        var events = (await harness.Store.ReadEventsAsync(second.Id, 0, 5000, Token)).Items;
        var started = events.Where(e => e.Type == "case-started").Select(e => e.Data!.Value.GetProperty("id").GetString()).ToList();
        started.First().ShouldBe("Fixture.Order.ZetaTests::Fails");
        started.Order(StringComparer.Ordinal).ShouldBe(["Fixture.Order.AlphaTests::First", "Fixture.Order.AlphaTests::Second", "Fixture.Order.ZetaTests::Fails"]);
        events.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, events.Count).Select(i => (long)i));
        run.Messages.ShouldContain(message => message.Text.StartsWith(
            "Smart order (split: dotnet-test takes no test order): the 1 test that failed recently or often ran first in one invocation (Fixture.Order.ZetaTests.Fails), then every other test in a second;",
            StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dotnet_SmartOrder_EveryTestFailureProne_TheEmptySecondInvocationIsNoFailure()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        var directory = Path.Combine(harness.Workspace.Root, "calc");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "global.json"), """{ "test": { "runner": "Microsoft.Testing.Platform" } }""", Token);
        await File.WriteAllTextAsync(Path.Combine(directory, "Calc.Tests.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <OutputType>Exe</OutputType>
                <IsPackable>false</IsPackable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="xunit.v3" Version="4.0.2" />
                <PackageReference Include="Microsoft.Testing.Extensions.TrxReport" Version="2.5.1" />
              </ItemGroup>
            </Project>
            """, Token);
        await File.WriteAllTextAsync(Path.Combine(directory, "ZetaTests.cs"),
            "using Xunit;\n\nnamespace Fixture.Order;\n\npublic class ZetaTests\n{\n    [Fact]\n    public void Fails() => Assert.Fail(\"always\");\n}\n", Token);
        var target = new TestTarget(harness.Workspace, "calc", "calc");
        await RunAsync(harness, target, order: null);

        var second = await RunAsync(harness, target, order: "smart");

        second.Status.ShouldBe(TestRunStatus.Failed);
        second.Error.ShouldBeNull();
        var run = await harness.Runs.MergedRunAsync(second.Id, Token);
        run.EnumerateCases().Select(testCase => (testCase.Name, testCase.Outcome)).ShouldBe([("Fails", Lightning.Testing.Results.TestOutcome.Failed)]);
        // The second invocation ran nothing (the platform's exit code 8): none of its report's "failure" reaches the run.
        run.Messages.ShouldContain(message => message.Text.Contains("Exit code indicates failure: '2'", StringComparison.Ordinal));
        run.Messages.ShouldNotContain(message => message.Text.Contains("Exit code indicates failure: '8'", StringComparison.Ordinal));
        run.Messages.ShouldContain(message => message.Text.StartsWith("Smart order (split: dotnet-test takes no test order): the 1 test", StringComparison.Ordinal));
    }

    /// <summary>
    /// NUnit and MSTest under VSTest: the second invocation of a split run excludes the first one's tests with
    /// <c>FullyQualifiedName!=A&amp;FullyQualifiedName!=B</c>. The runner fixture's tests (one failing, one failing only on
    /// its first run) log their name and process id through a hook of the framework.
    /// </summary>
    [Theory]
    [InlineData("nunit")]
    [InlineData("mstest")]
    public async Task Dotnet_SmartOrder_NunitAndMstestUnderVSTest_TheRestRunsThroughTheExclusionFilter(string variant)
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        using var fixture = new FixtureWorkspace();
        var log = fixture.Full("ran.log");
        var target = LoggedDotnetFixture(harness, fixture, variant, log);

        // The first run makes the history: Fails fails, and so does Flaky (its first run).
        var first = await RunAsync(harness, target, order: null);
        first.Status.ShouldBe(TestRunStatus.Failed, first.Error);
        Lines(log).Select(line => line.Process).Distinct().ShouldHaveSingleItem();
        File.Delete(log);

        var second = await RunAsync(harness, target, order: "smart");

        second.Status.ShouldBe(TestRunStatus.Failed, second.Error);
        var ran = Lines(log);
        // Fails and Flaky together in a first process, then every other test (Skipped is ignored: no hook) in a second.
        ran.Take(2).Select(line => line.Name).Order(StringComparer.Ordinal).ShouldBe(["Fails", "Flaky"]);
        ran.Skip(2).Select(line => line.Name).Order(StringComparer.Ordinal).ShouldBe(
            variant == "nunit" ? ["Increments(1,2)", "Increments(2,3)", "Output", "Passes"] : ["Increments", "Increments", "Output", "Passes"]);
        ran.Take(2).Select(line => line.Process).Distinct().ShouldHaveSingleItem();
        ran.Skip(2).Select(line => line.Process).Distinct().ShouldHaveSingleItem();
        ran[0].Process.ShouldNotBe(ran[2].Process);
        var run = await harness.Runs.MergedRunAsync(second.Id, Token);
        var cases = run.EnumerateCases().ToList();
        cases.Count.ShouldBe(7, string.Join(", ", cases.Select(testCase => testCase.Id)));
        cases.Select(testCase => testCase.Id).Distinct().Count().ShouldBe(7);
        cases.Where(testCase => testCase.Outcome == Lightning.Testing.Results.TestOutcome.Failed).Select(testCase => testCase.Name).ShouldBe(["Fails"]);
        cases.Single(testCase => testCase.Name == "Skipped").Outcome.ShouldBe(Lightning.Testing.Results.TestOutcome.Skipped);
        run.Messages.ShouldContain(message => message.Text.StartsWith(
            "Smart order (split: dotnet-test takes no test order): the 2 tests that failed recently or often ran first in one invocation (Fixture.Calc.CalcTests.F",
            StringComparison.Ordinal));
    }

    /// <summary>
    /// A smart order in a sharded dotnet run: each shard (a selection) splits its own tests, its failure-prone ones in a
    /// first invocation; every test of the project runs exactly once across the shards.
    /// </summary>
    [Fact]
    public async Task Dotnet_SmartOrder_InShards_EachShardRunsItsFailureProneTestsFirst_EveryTestOnce()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        using var fixture = new FixtureWorkspace();
        var log = fixture.Full("ran.log");
        var target = LoggedDotnetFixture(harness, fixture, "nunit", log);
        (await RunAsync(harness, target, order: null)).Status.ShouldBe(TestRunStatus.Failed);
        File.Delete(log);

        var sharded = await harness.Runs.StartAsync(new TestRunStart(target) { Order = "smart", Shards = 2 }, Token);
        await harness.Runs.WaitAsync(sharded.Id, Token);

        (await harness.Runs.GetAsync(sharded.Id, Token))!.Status.ShouldBe(TestRunStatus.Failed);
        var ran = Lines(log);
        ran.Select(line => line.Name).Order(StringComparer.Ordinal).ShouldBe(["Fails", "Flaky", "Increments(1,2)", "Increments(2,3)", "Output", "Passes"]);
        var events = (await harness.Store.ReadEventsAsync(sharded.Id, 0, 5000, Token)).Items;
        var started = events.Where(e => e.Type == "case-started")
            .Select(e => (Shard: e.Project!, Name: e.Data!.Value.GetProperty("name").GetString()!)).ToList();
        started.Select(e => e.Shard).Distinct().Count().ShouldBe(2);
        string[] prone = ["Fails", "Flaky"];
        var mixed = 0;
        foreach (var shard in started.GroupBy(e => e.Shard))
        {
            var names = shard.Select(e => e.Name).ToList();
            var processes = ran.Where(line => names.Contains(line.Name)).ToList();
            var (first, rest) = (processes.Where(line => prone.Contains(line.Name)).ToList(), processes.Where(line => !prone.Contains(line.Name)).ToList());
            // Within its shard, a failure-prone test starts before any other, in a process of its own.
            names.TakeWhile(name => prone.Contains(name)).Count().ShouldBe(names.Count(name => prone.Contains(name)), string.Join(", ", names));
            first.Select(line => line.Process).Concat(rest.Select(line => line.Process)).Distinct().Count()
                .ShouldBe((first.Count > 0 ? 1 : 0) + (rest.Count > 0 ? 1 : 0), shard.Key);
            mixed += first.Count > 0 && rest.Count > 0 ? 1 : 0;
        }

        mixed.ShouldBeGreaterThan(0, "a shard holding a failure-prone test and others was split");
        var run = await harness.Runs.MergedRunAsync(sharded.Id, Token);
        var cases = run.EnumerateCases().ToList();
        cases.Count.ShouldBe(7);
        cases.Select(testCase => testCase.Id).Distinct().Count().ShouldBe(7);
        run.Messages.ShouldContain(message => message.Text == "Run in 2 shards.");
        run.Messages.ShouldContain(message => message.Text.StartsWith("Smart order (split: dotnet-test takes no test order)", StringComparison.Ordinal));
    }

    /// <summary>
    /// The first invocation of a split run hangs past the project's timeout: its process tree is killed and the second
    /// invocation never starts (the deadline is the project's, and a timed-out first invocation ends the run).
    /// </summary>
    [Fact]
    public async Task Dotnet_SmartOrder_FirstInvocationTimesOut_ItIsKilledAndTheRestNeverRuns()
    {
        // The harness's fake clock never lets a timeout fire: this run keeps real time.
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true, services: services => services.AddSingleton(TimeProvider.System));
        using var fixture = new FixtureWorkspace();
        var log = fixture.Full("ran.log");
        var hang = fixture.Full("hang.marker");
        var target = LoggedDotnetFixture(harness, fixture, "nunit", log, () => fixture.Write("nunit/HangTests.cs", $$"""
            using NUnit.Framework;

            namespace Fixture.Calc;

            public class HangTests
            {
                [Test]
                public void Hangs()
                {
                    if (File.Exists({{RunnerFixtures.Literal(hang)}}))
                    {
                        Thread.Sleep(TimeSpan.FromMinutes(5));
                    }

                    Assert.Fail("fails before it hangs");
                }
            }
            """));
        (await RunAsync(harness, target, order: null)).Status.ShouldBe(TestRunStatus.Failed);
        File.Delete(log);
        await File.WriteAllTextAsync(hang, "hang", Token);

        // The first run built the project, so this one's build is incremental: most of the minute is the hang.
        var second = await harness.Runs.StartAsync(new TestRunStart(target) { Order = "smart", Timeout = TimeSpan.FromSeconds(60) }, Token);
        await harness.Runs.WaitAsync(second.Id, Token);

        var view = (await harness.Runs.GetAsync(second.Id, Token))!;
        view.Status.ShouldBe(TestRunStatus.TimedOut, view.Error);
        var ran = Lines(log);
        ran.Select(line => line.Name).ShouldContain("Hangs");
        ran.Select(line => line.Name).ShouldBeSubsetOf(["Fails", "Flaky", "Hangs"]);
        var process = ran.Select(line => line.Process).Distinct().ShouldHaveSingleItem();
        // Killed: gone, or a zombie its (killed) parent never reaped.
        var stat = $"/proc/{process}/stat";
        (!File.Exists(stat) || File.ReadAllText(stat).Split(") ", 2)[1].StartsWith('Z')).ShouldBeTrue($"the hung test host {process} was killed");
        var events = (await harness.Store.ReadEventsAsync(second.Id, 0, 5000, Token)).Items;
        events.Where(e => e.Type == "case-started").Select(e => e.Data!.Value.GetProperty("id").GetString()!)
            .ShouldAllBe(id => id == "Fixture.Calc.CalcTests::Fails" || id == "Fixture.Calc.CalcTests::Flaky" || id == "Fixture.Calc.HangTests::Hangs");
    }

    /// <summary>The runner fixture of <paramref name="variant"/> under VSTest, logging each test it runs, copied into the harness.</summary>
    static TestTarget LoggedDotnetFixture(HistoryHarness harness, FixtureWorkspace fixture, string variant, string log, Action? more = null)
    {
        if (variant == "nunit")
        {
            RunnerFixtures.Nunit(fixture, variant);
        }
        else
        {
            RunnerFixtures.Mstest(fixture, variant);
        }

        RunnerFixtures.ProcessLog(fixture, variant, variant, log);
        more?.Invoke();
        RunnerFixtures.CopyDirectory(fixture.Full(variant), Path.Combine(harness.Workspace.Root, variant));
        return new TestTarget(harness.Workspace, variant, variant);
    }

    static List<(string Name, string Process)> Lines(string log) =>
        [.. File.ReadAllLines(log).Select(line => line.Split(' ')).Select(parts => (parts[0], parts[1]))];

    [Fact]
    public async Task JUnit5_Gradle_SmartOrder_RunsTheFailingClassFirstAndKeepsAClasssOwnMethodOrder()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        var directory = Path.Combine(harness.Workspace.Root, "calc");
        await WriteAsync(directory, "settings.gradle", "rootProject.name = 'calc'\n");
        await WriteAsync(directory, "build.gradle", """
            plugins { id 'java' }
            repositories { mavenCentral() }
            dependencies { testImplementation 'org.junit.jupiter:junit-jupiter:5.9.2' }
            test { useJUnitPlatform() }
            """);
        await WriteAsync(directory, "src/main/java/com/example/Calc.java", "package com.example;\n\npublic class Calc {\n    public static int add(int a, int b) { return a + b; }\n}\n");
        const string Alpha = """
            package com.example;

            import org.junit.jupiter.api.Test;

            class AlphaTest {
                NEW
                @Test
                void slow() throws Exception { Thread.sleep(450); }

                @Test
                void fast() { }
            }
            """;
        var alpha = Path.Combine(directory, "src/test/java/com/example/AlphaTest.java");
        await WriteAsync(directory, "src/test/java/com/example/AlphaTest.java", Alpha.Replace("NEW", string.Empty, StringComparison.Ordinal));
        await WriteAsync(directory, "src/test/java/com/example/ZetaTest.java", """
            package com.example;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import org.junit.jupiter.api.Test;

            class ZetaTest {
                @Test
                void fails() { assertEquals(5, Calc.add(2, 2)); }
            }
            """);
        // Its own order names the slower test first: the smart order would swap them, the class's @TestMethodOrder wins.
        await WriteAsync(directory, "src/test/java/com/example/OwnOrderTest.java", """
            package com.example;

            import org.junit.jupiter.api.MethodOrderer;
            import org.junit.jupiter.api.Test;
            import org.junit.jupiter.api.TestMethodOrder;

            @TestMethodOrder(MethodOrderer.MethodName.class)
            class OwnOrderTest {
                @Test
                void aSlower() throws Exception { Thread.sleep(300); }

                @Test
                void bSlow() throws Exception { Thread.sleep(150); }
            }
            """);
        var target = new TestTarget(harness.Workspace, "calc", "calc");
        var first = await RunAsync(harness, target, order: null);
        first.Status.ShouldBe(TestRunStatus.Failed, first.Error);
        (await harness.Runs.MergedRunAsync(first.Id, Token)).EnumerateCases().Select(testCase => testCase.Name)
            .ShouldBe(["fast()", "slow()", "fails()", "aSlower()", "bSlow()"], ignoreOrder: true);
        await File.WriteAllTextAsync(alpha, Alpha.Replace("NEW", "@Test\n    void added() { }\n", StringComparison.Ordinal), Token);

        var second = await RunAsync(harness, target, order: "smart");

        second.Status.ShouldBe(TestRunStatus.Failed, second.Error);
        var run = await harness.Runs.MergedRunAsync(second.Id, Token);
        // The last failure's class first; AlphaTest (its fast test next) with its methods by speed and the new test
        // last; OwnOrderTest at its fastest test's place, in its own order.
        run.EnumerateCases().Select(testCase => testCase.ClassName + "::" + testCase.Name).ShouldBe(
        [
            "com.example.ZetaTest::fails()",
            "com.example.AlphaTest::fast()", "com.example.AlphaTest::slow()", "com.example.AlphaTest::added()",
            "com.example.OwnOrderTest::aSlower()", "com.example.OwnOrderTest::bSlow()",
        ]);
        run.Messages.ShouldContain(message => message.Text.StartsWith(
            "Smart order (tests, each class at its first test's place (a class's own @TestMethodOrder kept), by recent failure, failure rate, then speed; unlisted ones after): "
            + "com.example.ZetaTest::fails(), com.example.AlphaTest::fast(), com.example.OwnOrderTest::bSlow(), com.example.OwnOrderTest::aSlower(), com.example.AlphaTest::slow()",
            StringComparison.Ordinal));
    }

    static async Task WriteAsync(string root, string path, string text)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, text, Token);
    }

    [Fact]
    public async Task StartAsync_UnknownOrder_IsAValidationError()
    {
        await using var harness = await HistoryHarness.CreateAsync();
        var target = harness.PytestProject();

        var error = await Should.ThrowAsync<Lightning.Core.Errors.ValidationFailedException>(() => harness.Runs.StartAsync(new TestRunStart(target) { Order = "random" }, Token));

        error.Errors.ShouldContainKey("order");
    }
}
