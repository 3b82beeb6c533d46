using Lightning.Testing.Results.Events;
using Lightning.Testing.Runners.Dotnet;
using Lightning.Testing.Tests.Results;
using Lightning.Testing.Tests.Runners.Live;

namespace Lightning.Testing.Tests.Runners.Dotnet;

/// <summary>
/// Microsoft.Testing.Platform's detailed output, as `dotnet test --output Detailed` printed it for the golden corpus's
/// dotnet fixture (SDK 10.0.401, xunit.v3 4.0.2), against the TRX its TrxReport extension wrote for the same tests.
/// </summary>
public sealed class TestingPlatformTranslatorTests
{
    const string DetailedOutput = """
        Running tests from /tmp/mtp/bin/Debug/net10.0/Calc.Tests.dll (net10.0|x64)
        failed Golden.Calc.CalcTests.Add_Fails (21ms)
          from /tmp/mtp/bin/Debug/net10.0/Calc.Tests.dll (net10.0|x64)
          two and two make four
            at Golden.Calc.CalcTests.Add_Fails() in /tmp/mtp/CalcTests.cs:18
        failed Golden.Calc.CalcTests.Divide_ByZero_Throws (8ms)
          from /tmp/mtp/bin/Debug/net10.0/Calc.Tests.dll (net10.0|x64)
          Xunit.MicrosoftTestingPlatform.XunitException: System.DivideByZeroException : Attempted to divide by zero.
            at Golden.Calc.Calc.Divide(Int32 a, Int32 b) in /tmp/mtp/CalcTests.cs:9
        passed Golden.Calc.CalcTests.Unicode_Output_грусть (5ms)
          from /tmp/mtp/bin/Debug/net10.0/Calc.Tests.dll (net10.0|x64)
          Standard output
            stdout: grüße, 日本語, emoji 🚀 <&> "quoted"

          Error output
        skipped Golden.Calc.CalcTests.Skipped_At_Runtime
          decided while running
          from /tmp/mtp/bin/Debug/net10.0/Calc.Tests.dll (net10.0|x64)
        skipped Golden.Calc.CalcTests.Skipped
          not on this planet
          from /tmp/mtp/bin/Debug/net10.0/Calc.Tests.dll (net10.0|x64)
        passed Golden.Calc.CalcTests.Add_Parametrised(a: 2, b: 3, expected: 5) (5ms)
          from /tmp/mtp/bin/Debug/net10.0/Calc.Tests.dll (net10.0|x64)
        failed Golden.Calc.CalcTests.Add_Parametrised(a: 10, b: -1, expected: 8) (1ms)
          from /tmp/mtp/bin/Debug/net10.0/Calc.Tests.dll (net10.0|x64)
          Assert.Equal() Failure: Values differ
          Expected: 8
          Actual:   9
            at Golden.Calc.CalcTests.Add_Parametrised(Int32 a, Int32 b, Int32 expected) in /tmp/mtp/CalcTests.cs:24
        passed Golden.Calc.CalcTests.Add_Parametrised(a: 1, b: 1, expected: 2) (0ms)
          from /tmp/mtp/bin/Debug/net10.0/Calc.Tests.dll (net10.0|x64)
        passed Golden.Calc.CalcTests.Add_Passes (1s 20ms)
          from /tmp/mtp/bin/Debug/net10.0/Calc.Tests.dll (net10.0|x64)
        /tmp/mtp/bin/Debug/net10.0/Calc.Tests.dll (net10.0|x64) failed with 3 error(s) (1s 234ms)
        """;

    [Fact]
    public async Task OnLineAsync_DetailedOutput_NamesAndJudgesCasesAsTheTrx()
    {
        var harness = new TranslatorHarness();
        var report = await ResultsTestKit.ReadGoldenAsync("dotnet", "dotnet-mtp.trx");

        await TranslatorHarness.FeedAsync(new TestingPlatformTranslator(harness.Live), DetailedOutput.Split('\n'));

        harness.Outcomes().ShouldBe(TranslatorHarness.Finished(report), ignoreOrder: true);
        var failures = harness.Events.OfType<CaseFailedEvent>().ToDictionary(failed => failed.Failures[0].Message!, failed => failed.Failures[0].Stack);
        failures["Assert.Equal() Failure: Values differ\nExpected: 8\nActual:   9"].ShouldBe("at Golden.Calc.CalcTests.Add_Parametrised(Int32 a, Int32 b, Int32 expected) in /tmp/mtp/CalcTests.cs:24");
        harness.Events.OfType<OutputEvent>().ShouldHaveSingleItem().Text.ShouldBe("stdout: grüße, 日本語, emoji 🚀 <&> \"quoted\"\n");
        harness.Events.OfType<CaseSkippedEvent>().Select(skipped => skipped.Skip!.Message).ShouldBe(["decided while running", "not on this planet"]);
        harness.Events.OfType<CasePassedEvent>().Last().Duration.ShouldBe(TimeSpan.FromMilliseconds(1020));
    }
}
