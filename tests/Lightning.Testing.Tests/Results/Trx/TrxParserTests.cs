using Lightning.Testing.Results;
using Lightning.Testing.Results.Trx;

namespace Lightning.Testing.Tests.Results.Trx;

public sealed class TrxParserTests
{
    readonly TrxParser _parser = new();

    const string Header = """<TestRun id="1" name="run 1" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">""";

    [Fact]
    public async Task Parse_ResultsBeforeDefinitions_AreGroupedByClassAndAssembly()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, Header + """
              <Times creation="2026-11-24T10:00:00Z" start="2026-11-24T10:00:01Z" finish="2026-11-24T10:00:03.5Z" />
              <Results>
                <UnitTestResult testId="a" testName="App.Tests.CalcTests.Adds" computerName="vm" duration="00:00:00.0100000" startTime="2026-11-24T10:00:01.1+00:00" outcome="Passed">
                  <Output><StdOut>hello</StdOut></Output>
                </UnitTestResult>
                <UnitTestResult testId="b" testName="App.Tests.OtherTests.Fails" duration="00:00:01" outcome="Failed">
                  <Output><ErrorInfo><Message>Assert.Equal() Failure</Message><StackTrace>   at Fails()</StackTrace></ErrorInfo></Output>
                </UnitTestResult>
                <UnitTestResult testId="c" testName="App.Tests.CalcTests.Skips" outcome="NotExecuted">
                  <Output><ErrorInfo><Message>not today</Message></ErrorInfo></Output>
                </UnitTestResult>
              </Results>
              <TestDefinitions>
                <UnitTest name="App.Tests.CalcTests.Adds" storage="/bin/app.tests.dll" id="a"><TestMethod className="App.Tests.CalcTests" name="Adds" />
                  <TestCategory><TestCategoryItem TestCategory="fast" /></TestCategory>
                  <Properties><Property><Key>Trait</Key><Value>unit</Value></Property></Properties>
                </UnitTest>
                <UnitTest name="App.Tests.OtherTests.Fails" storage="/bin/app.tests.dll" id="b"><TestMethod className="App.Tests.OtherTests" name="Fails" /></UnitTest>
                <UnitTest name="App.Tests.CalcTests.Skips" storage="/bin/app.tests.dll" id="c"><TestMethod className="App.Tests.CalcTests" name="Skips" /></UnitTest>
              </TestDefinitions>
            </TestRun>
            """);

        run.Framework.ShouldBe("dotnet");
        run.Name.ShouldBe("run 1");
        run.Duration.ShouldBe(TimeSpan.FromSeconds(2.5));
        run.Suites.Select(s => (s.Name, s.File)).ShouldBe([("App.Tests.CalcTests", "/bin/app.tests.dll"), ("App.Tests.OtherTests", "/bin/app.tests.dll")]);
        run.Suites[0].Cases.Select(c => c.Name).ShouldBe(["Adds", "Skips"]);
        var adds = run.Case("Adds");
        adds.Id.ShouldBe("App.Tests.CalcTests::Adds");
        adds.Stdout.ShouldBe("hello");
        adds.Duration.ShouldBe(TimeSpan.FromMilliseconds(10));
        adds.StartedAt.ShouldBe(new DateTimeOffset(2026, 11, 24, 10, 0, 1, 100, TimeSpan.Zero));
        adds.Properties.ShouldBe([new TestProperty("category", "fast"), new TestProperty("Trait", "unit")]);
        run.Case("Fails").Failure.ShouldBe(new TestFailure(TestFailureKind.Failure, "Assert.Equal() Failure", null, "   at Fails()"));
        run.Case("Skips").Skip.ShouldBe(new TestSkip("not today", null, null));
    }

    [Theory]
    [InlineData("Passed", TestOutcome.Passed, false)]
    [InlineData("Failed", TestOutcome.Failed, false)]
    [InlineData("Error", TestOutcome.Errored, false)]
    [InlineData("Timeout", TestOutcome.Errored, true)]
    [InlineData("Aborted", TestOutcome.Errored, true)]
    [InlineData("NotExecuted", TestOutcome.Skipped, false)]
    [InlineData("Inconclusive", TestOutcome.Skipped, true)]
    [InlineData("PassedButRunAborted", TestOutcome.Passed, true)]
    public async Task Parse_MapsEveryOutcome_KeepingTheOnesTheModelCannotTell(string trxOutcome, TestOutcome outcome, bool kept)
    {
        var run = await ResultsTestKit.ParseAsync(_parser, Header + $"""<Results><UnitTestResult testName="T" outcome="{trxOutcome}" /></Results></TestRun>""");

        var testCase = run.Case("T");
        testCase.Outcome.ShouldBe(outcome);
        testCase.Properties.Any(p => p.Name == "trxOutcome" && p.Value == trxOutcome).ShouldBe(kept);
    }

    [Fact]
    public async Task Parse_DataDrivenResult_BecomesASuiteOfItsRows()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, Header + """
              <Results>
                <UnitTestResult executionId="p" testId="t" testName="AddRows" outcome="Failed" duration="00:00:00.03" resultType="DataDrivenTest">
                  <Output><ErrorInfo><Message>1 of 2 rows failed</Message></ErrorInfo></Output>
                  <InnerResults>
                    <UnitTestResult executionId="r1" parentExecutionId="p" testId="t" testName="AddRows (1,1,2)" outcome="Passed" dataRowInfo="1" resultType="DataDrivenDataRow" />
                    <UnitTestResult executionId="r2" parentExecutionId="p" testId="t" testName="AddRows (10,-1,8)" outcome="Failed" dataRowInfo="2" resultType="DataDrivenDataRow" />
                  </InnerResults>
                </UnitTestResult>
              </Results>
              <TestDefinitions><UnitTest id="t" storage="a.dll"><TestMethod className="CalcTests" name="AddRows" /></UnitTest></TestDefinitions>
            </TestRun>
            """);

        var suite = run.Suite("AddRows");
        suite.Cases.Select(c => (c.Id, c.Outcome)).ShouldBe([("CalcTests::AddRows (1,1,2)", TestOutcome.Passed), ("CalcTests::AddRows (10,-1,8)", TestOutcome.Failed)]);
        suite.Errors.ShouldBe([new TestFailure(TestFailureKind.Failure, "1 of 2 rows failed", null, null)]);
        suite.Duration.ShouldBe(TimeSpan.FromMilliseconds(30));
        run.Suites.ShouldHaveSingleItem().Suites.ShouldHaveSingleItem().ShouldBeSameAs(suite);
    }

    [Fact]
    public async Task Parse_RunOutputAndRunInfos_BecomeTheRunsOutputAndMessages()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, Header + """
              <ResultSummary outcome="Failed">
                <Output><StdOut>adapter says hi</StdOut><StdErr>adapter complains</StdErr></Output>
                <RunInfos><RunInfo computerName="vm" outcome="Error" timestamp="2026-11-24T15:55:31.6971076"><Text>Exit code 2</Text></RunInfo></RunInfos>
              </ResultSummary>
            </TestRun>
            """);

        run.Stdout.ShouldBe("adapter says hi");
        run.Stderr.ShouldBe("adapter complains");
        run.Messages.ShouldBe([new TestRunMessage("Error", "Exit code 2", new DateTimeOffset(2026, 11, 24, 15, 55, 31, TimeSpan.Zero).AddTicks(6_971_076), "vm")]);
    }

    [Fact]
    public async Task Parse_UnknownOutcome_FailsNamingTheLine()
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() =>
            ResultsTestKit.ParseAsync(_parser, Header + "\n<Results>\n<UnitTestResult testName=\"T\" outcome=\"Great\" />\n</Results></TestRun>", "run.trx"));

        error.Message.ShouldBe("run.trx:3: Result 'T' has outcome=\"Great\", which is not a TRX outcome.");
    }

    [Fact]
    public async Task Parse_BadDuration_FailsNamingTheLine()
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() =>
            ResultsTestKit.ParseAsync(_parser, Header + "\n<Results>\n\n<UnitTestResult testName=\"T\" duration=\"soon\" />\n</Results></TestRun>", "run.trx"));

        error.Line.ShouldBe(4);
        error.Problem.ShouldContain("duration=\"soon\"");
    }

    [Fact]
    public async Task Parse_OtherRootElement_Fails()
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() => ResultsTestKit.ParseAsync(_parser, "<testsuites/>", "run.trx"));

        error.Message.ShouldBe("run.trx:1: Expected a <TestRun> root element, found <testsuites>.");
    }
}
