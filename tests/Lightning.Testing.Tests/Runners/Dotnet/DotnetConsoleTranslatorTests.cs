using Lightning.Core.Processes;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Runners.Dotnet;
using Lightning.Testing.Tests.Results;
using Lightning.Testing.Tests.Runners.Live;

namespace Lightning.Testing.Tests.Runners.Dotnet;

/// <summary>
/// The console logger's lines, as `dotnet test --logger "console;verbosity=normal"` printed them for the golden corpus's
/// dotnet fixture (SDK 10.0.401, xunit.v3 4.0.2), against the TRX report VSTest wrote for the same tests.
/// </summary>
public sealed class DotnetConsoleTranslatorTests
{
    const string ConsoleLog = """
        [xUnit.net 00:00:02.08]     Golden.Calc.CalcTests.Add_Fails [FAIL]
        [xUnit.net 00:00:02.08]       two and two make four
          Passed Golden.Calc.CalcTests.Add_Passes [16 ms]
          Skipped Golden.Calc.CalcTests.Skipped_At_Runtime [1 ms]
          Skipped Golden.Calc.CalcTests.Skipped [1 ms]
          Passed Golden.Calc.CalcTests.Unicode_Output_грусть [3 ms]
          Passed Golden.Calc.CalcTests.Add_Parametrised(a: 1, b: 1, expected: 2) [1 ms]
          Passed Golden.Calc.CalcTests.Add_Parametrised(a: 2, b: 3, expected: 5) [1 ms]
          Failed Golden.Calc.CalcTests.Add_Parametrised(a: 10, b: -1, expected: 8) [2 ms]
          Error Message:
           Assert.Equal() Failure: Values differ
        Expected: 8
        Actual:   9
          Stack Trace:
             at Golden.Calc.CalcTests.Add_Parametrised(Int32 a, Int32 b, Int32 expected) in /tmp/hrun-exp/dn/CalcTests.cs:line 24
           at InvokeStub_CalcTests.Add_Parametrised(Object, Span`1)
          Failed Golden.Calc.CalcTests.Add_Fails [1 ms]
          Error Message:
           two and two make four
          Stack Trace:
             at Golden.Calc.CalcTests.Add_Fails() in /tmp/hrun-exp/dn/CalcTests.cs:line 18
          Failed Golden.Calc.CalcTests.Divide_ByZero_Throws [1 ms]
          Error Message:
           System.DivideByZeroException : Attempted to divide by zero.
          Stack Trace:
             at Golden.Calc.Calc.Divide(Int32 a, Int32 b) in /tmp/hrun-exp/dn/CalcTests.cs:line 9
        Results File: /tmp/hrun-exp/dn/res/r.trx

        Test Run Failed.
        Total tests: 9
        """;

    [Fact]
    public async Task OnLineAsync_ConsoleLogger_NamesAndJudgesCasesAsTheTrx()
    {
        var harness = new TranslatorHarness();
        var report = await ResultsTestKit.ReadGoldenAsync("dotnet", "dotnet-vstest.trx");

        await TranslatorHarness.FeedAsync(new DotnetConsoleTranslator(harness.Live), ConsoleLog.Split('\n'));

        harness.Outcomes().ShouldBe(TranslatorHarness.Finished(report), ignoreOrder: true);
        var fails = harness.Events.OfType<CaseFailedEvent>().Single(failed => failed.Failures[0].Message == "two and two make four");
        fails.Duration.ShouldBe(TimeSpan.FromMilliseconds(1));
        fails.Failures[0].Stack.ShouldBe("at Golden.Calc.CalcTests.Add_Fails() in /tmp/hrun-exp/dn/CalcTests.cs:line 18");
        harness.Events.OfType<CaseFailedEvent>().Single(failed => failed.Failures[0].Message!.StartsWith("Assert.Equal()", StringComparison.Ordinal))
            .Failures[0].ShouldSatisfyAllConditions(
                // Only the first line is indented: the rest of the message runs up to the stack trace.
                failure => failure.Message.ShouldBe("Assert.Equal() Failure: Values differ\nExpected: 8\nActual:   9"),
                failure => failure.Stack.ShouldNotBeNull().ShouldStartWith("at Golden.Calc.CalcTests.Add_Parametrised("));
    }

    [Theory]
    [InlineData("Ns.Class.Method", "Ns.Class", "Method")]
    [InlineData("Ns.Class.Method(a: 1.5, b: \"x.y\")", "Ns.Class", "Method(a: 1.5, b: \"x.y\")")]
    [InlineData("Ns.Outer+Inner.Method", "Ns.Outer+Inner", "Method")]
    [InlineData("adds two numbers", null, "adds two numbers")]
    public void Split_DisplayName_TakesTheClassBeforeTheLastDotOutsideArguments(string displayName, string? className, string name) =>
        DotnetConsoleTranslator.Split(displayName).ShouldBe((className, name));

    [Fact]
    public async Task OnLineAsync_Stderr_IsNotRead()
    {
        var harness = new TranslatorHarness();

        await TranslatorHarness.FeedAsync(new DotnetConsoleTranslator(harness.Live), ["  Passed Ns.C.M [1 ms]"], OutputStream.Stderr);

        harness.Events.ShouldBeEmpty();
    }
}
