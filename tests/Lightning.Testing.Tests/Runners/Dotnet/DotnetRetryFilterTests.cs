using Lightning.Testing.Tests.Detection;

namespace Lightning.Testing.Tests.Runners.Dotnet;

/// <summary>
/// A retry selects the failed method exactly: on a real project of each framework (VSTest and Microsoft.Testing.Platform)
/// where <c>Check</c>'s name is a prefix of <c>CheckTwo</c>'s and <c>CheckAll</c>'s, a failing row of the parametrised
/// <c>Check</c> is retried (both its rows run again) and its prefix siblings run once. Each test appends what it ran to a
/// log, so the count is what the framework really executed, not what the report chose to keep.
/// </summary>
[Collection(RunnerCollection.Name)]
public sealed class DotnetRetryFilterTests
{
    [Theory]
    [InlineData("xunit", false)]
    [InlineData("xunit", true)]
    [InlineData("nunit", false)]
    [InlineData("nunit", true)]
    [InlineData("mstest", false)]
    [InlineData("mstest", true)]
    public async Task RunAsync_RetryOfAParametrisedMethod_RunsNotTheMethodsItsNamePrefixes(string framework, bool testingPlatform)
    {
        using var kit = new RunnerKit();
        var log = kit.Workspace.Full("repo/ran.log");
        switch (framework)
        {
            case "xunit":
                RunnerFixtures.Xunit(kit.Workspace, testingPlatform: testingPlatform);
                break;
            case "nunit":
                RunnerFixtures.Nunit(kit.Workspace, testingPlatform: testingPlatform);
                break;
            default:
                RunnerFixtures.Mstest(kit.Workspace, testingPlatform: testingPlatform);
                break;
        }

        kit.Workspace.Write("repo/PrefixTests.cs", PrefixTests(framework, RunnerFixtures.Literal(log)));
        await DotnetAdapterTests.RestoreAsync(kit.Workspace);

        var result = await kit.RunSingleAsync(kit.Request(retries: 1,
            "Fixture.Calc.PrefixTests::Check", "Fixture.Calc.PrefixTests::CheckTwo", "Fixture.Calc.PrefixTests::CheckAll"));

        result.Error.ShouldBeNull(result.Run.Stdout + result.Run.Stderr);
        var ran = File.ReadAllLines(log).GroupBy(line => line).ToDictionary(group => group.Key, group => group.Count());
        ran.ShouldBe(new Dictionary<string, int> { ["Check 1"] = 2, ["Check 2"] = 2, ["CheckTwo"] = 1, ["CheckAll 3"] = 1 }, ignoreOrder: true);
        var cases = result.Run.EnumerateCases().ToList();
        var failing = cases.Single(testCase => testCase.Name.StartsWith("Check", StringComparison.Ordinal) && testCase.Name.Contains('1', StringComparison.Ordinal)
            && !testCase.Name.StartsWith("CheckAll", StringComparison.Ordinal));
        failing.Attempts.Select(attempt => RunnerKit.Class(attempt.Outcome)).ShouldBe(["failed", "failed"]);
        cases.Single(testCase => testCase.Name == "CheckTwo").Attempts.ShouldBeEmpty();
        cases.Single(testCase => testCase.Name.StartsWith("CheckAll", StringComparison.Ordinal)).Attempts.ShouldBeEmpty();
    }

    /// <summary><c>Check(1)</c> fails, every other case passes; each writes one line to the log when it runs.</summary>
    static string PrefixTests(string framework, string log) => framework switch
    {
        "xunit" => $$"""
            using Xunit;

            namespace Fixture.Calc;

            public class PrefixTests
            {
                static void Ran(string what) => File.AppendAllText({{log}}, what + "\n");

                [Theory]
                [InlineData(1)]
                [InlineData(2)]
                public void Check(int value) { Ran("Check " + value); Assert.True(value != 1, "one is refused"); }

                [Fact]
                public void CheckTwo() => Ran("CheckTwo");

                [Theory]
                [InlineData(3)]
                public void CheckAll(int value) => Ran("CheckAll " + value);
            }
            """,
        "nunit" => $$"""
            using NUnit.Framework;

            namespace Fixture.Calc;

            public class PrefixTests
            {
                static void Ran(string what) => File.AppendAllText({{log}}, what + "\n");

                [TestCase(1)]
                [TestCase(2)]
                public void Check(int value) { Ran("Check " + value); Assert.That(value, Is.Not.EqualTo(1), "one is refused"); }

                [Test]
                public void CheckTwo() => Ran("CheckTwo");

                [TestCase(3)]
                public void CheckAll(int value) => Ran("CheckAll " + value);
            }
            """,
        _ => $$"""
            using Microsoft.VisualStudio.TestTools.UnitTesting;

            namespace Fixture.Calc;

            [TestClass]
            public class PrefixTests
            {
                static void Ran(string what) => File.AppendAllText({{log}}, what + "\n");

                [TestMethod]
                [DataRow(1)]
                [DataRow(2)]
                public void Check(int value) { Ran("Check " + value); Assert.AreNotEqual(1, value, "one is refused"); }

                [TestMethod]
                public void CheckTwo() => Ran("CheckTwo");

                [TestMethod]
                [DataRow(3)]
                public void CheckAll(int value) => Ran("CheckAll " + value);
            }
            """,
    };
}
