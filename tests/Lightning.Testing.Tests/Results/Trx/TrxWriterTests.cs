using System.Xml.Linq;
using Lightning.Testing.Results;
using Lightning.Testing.Results.Trx;

namespace Lightning.Testing.Tests.Results.Trx;

public sealed class TrxWriterTests
{
    static readonly XNamespace Ns = TrxParser.Namespace;

    /// <summary>What TRX can hold of a run: one class per top-level suite, no retries, failure types or case locations.</summary>
    static TestRun TrxShaped() => new()
    {
        Name = "nightly",
        Framework = "dotnet",
        StartedAt = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero),
        FinishedAt = new DateTimeOffset(2026, 11, 24, 10, 0, 2, TimeSpan.Zero),
        Duration = TimeSpan.FromSeconds(2),
        Stdout = "adapter out",
        Messages = [new TestRunMessage("Warning", "slow", new DateTimeOffset(2026, 11, 24, 10, 0, 1, TimeSpan.Zero), "vm")],
        Properties = [new TestProperty("runUser", "ci")],
        Suites =
        [
            new TestSuite
            {
                Name = "App.CalcTests",
                File = "/bin/app.tests.dll",
                Hostname = "vm",
                Cases =
                [
                    new TestCase { Id = "App.CalcTests::Adds", Name = "Adds", ClassName = "App.CalcTests", Outcome = TestOutcome.Passed, Duration = TimeSpan.FromMilliseconds(3), StartedAt = new DateTimeOffset(2026, 11, 24, 10, 0, 0, 500, TimeSpan.Zero), Stdout = "grüße 🚀", Properties = [new TestProperty("category", "fast"), new TestProperty("Owner", "ana")] },
                    new TestCase { Id = "App.CalcTests::Fails", Name = "Fails", ClassName = "App.CalcTests", Outcome = TestOutcome.Failed, Duration = TimeSpan.FromSeconds(1), Failures = [new TestFailure(TestFailureKind.Failure, "wrong", null, "at Fails()")], Stderr = "err" },
                    new TestCase { Id = "App.CalcTests::Throws", Name = "Throws", ClassName = "App.CalcTests", Outcome = TestOutcome.Errored, Failures = [new TestFailure(TestFailureKind.Error, "boom", null, null)] },
                    new TestCase { Id = "App.CalcTests::Slow", Name = "Slow", ClassName = "App.CalcTests", Outcome = TestOutcome.Errored, Failures = [new TestFailure(TestFailureKind.Error, "timed out", null, null)], Properties = [new TestProperty("trxOutcome", "Timeout"), new TestProperty("debugTrace", "waiting"), new TestProperty("message", "note"), new TestProperty("resultFile", "server.log")] },
                    new TestCase { Id = "App.CalcTests::Skips", Name = "Skips", ClassName = "App.CalcTests", Outcome = TestOutcome.Skipped, Skip = new TestSkip("not today", null, null) },
                ],
                Suites =
                [
                    new TestSuite
                    {
                        Name = "AddRows",
                        Hostname = "vm",
                        Duration = TimeSpan.FromMilliseconds(30),
                        Properties = [new TestProperty("trxOutcome", "Failed")],
                        Errors = [new TestFailure(TestFailureKind.Failure, "1 of 2 rows failed", null, null)],
                        Cases =
                        [
                            new TestCase { Id = "App.CalcTests::AddRows (1,1,2)", Name = "AddRows (1,1,2)", ClassName = "App.CalcTests", Outcome = TestOutcome.Passed },
                            new TestCase { Id = "App.CalcTests::AddRows (10,-1,8)", Name = "AddRows (10,-1,8)", ClassName = "App.CalcTests", Outcome = TestOutcome.Failed, Failures = [new TestFailure(TestFailureKind.Failure, "9 != 8", null, null)] },
                        ],
                    },
                ],
            },
        ],
    };

    [Fact]
    public async Task Write_ThenParse_GivesTheSameRun()
    {
        var run = TrxShaped();

        var trx = await ResultsTestKit.WriteAsync(new TrxWriter(), run);
        var back = await ResultsTestKit.ParseAsync(new TrxParser(), trx);

        back.ShouldBeSameRunAs(run);
    }

    [Fact]
    public async Task Write_GivesVisualStudioItsDefinitionsEntriesListsAndCounters()
    {
        var document = XDocument.Parse(await ResultsTestKit.WriteAsync(new TrxWriter(), TrxShaped()));

        var results = document.Root!.Element(Ns + "Results")!.Elements(Ns + "UnitTestResult").ToList();
        var definitions = document.Root.Element(Ns + "TestDefinitions")!.Elements(Ns + "UnitTest").ToList();
        var entries = document.Root.Element(Ns + "TestEntries")!.Elements(Ns + "TestEntry").ToList();
        results.Count.ShouldBe(6);
        definitions.Select(d => (string?)d.Attribute("id")).ShouldBe(results.Select(r => (string?)r.Attribute("testId")));
        entries.Select(e => (string?)e.Attribute("executionId")).ShouldBe(results.Select(r => (string?)r.Attribute("executionId")));
        results.Select(r => (string?)r.Attribute("outcome")).ShouldBe(["Passed", "Failed", "Error", "Timeout", "NotExecuted", "Failed"]);
        var counters = document.Descendants(Ns + "Counters").Single();
        ((int)counters.Attribute("total")!).ShouldBe(7);
        ((int)counters.Attribute("failed")!).ShouldBe(2);
        ((int)counters.Attribute("timeout")!).ShouldBe(1);
        ((string)document.Descendants(Ns + "ResultSummary").Single().Attribute("outcome")!).ShouldBe("Failed");
        var inner = results[5].Element(Ns + "InnerResults")!.Elements(Ns + "UnitTestResult").ToList();
        inner.Select(r => (string?)r.Attribute("parentExecutionId")).ShouldAllBe(id => id == (string?)results[5].Attribute("executionId"));
    }

    [Fact]
    public async Task Write_SameRunTwice_GivesTheSameFile()
    {
        var first = await ResultsTestKit.WriteAsync(new TrxWriter(), TrxShaped());
        var second = await ResultsTestKit.WriteAsync(new TrxWriter(), TrxShaped());

        second.ShouldBe(first);
    }

    [Fact]
    public async Task Write_FlakyCase_IsWrittenAsPassedSinceTrxHasNoRetries()
    {
        var run = SampleRuns.Rich();

        var back = await ResultsTestKit.ParseAsync(new TrxParser(), await ResultsTestKit.WriteAsync(new TrxWriter(), run));

        back.Case("flaky").Outcome.ShouldBe(TestOutcome.Passed);
        back.Case("flaky").Attempts.ShouldBeEmpty();
        back.EnumerateCases().Count().ShouldBe(run.EnumerateCases().Count());
    }
}
