using System.Text.Json;
using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;

namespace Lightning.Testing.Tests.Results.Events;

public sealed class TestEventStreamTests
{
    [Fact]
    public async Task Write_ThenRead_GivesTheSameRun()
    {
        var run = SampleRuns.Rich() with { Messages = [new TestRunMessage("Warning", "slow", null, "vm")] };

        var stream = await ResultsTestKit.WriteAsync(new TestEventStreamWriter(), run);
        var back = await ResultsTestKit.ParseAsync(new TestEventStreamReader(), stream);

        back.ShouldBeSameRunAs(run);
    }

    [Fact]
    public async Task Write_OneObjectPerLine_TypeFirst_CamelCaseAndKebabCaseEnums()
    {
        var lines = (await ResultsTestKit.WriteAsync(new TestEventStreamWriter(), SampleRuns.Rich())).TrimEnd('\n').Split('\n');

        lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("type").GetString()).Distinct().ShouldBe(
            ["run-started", "suite-started", "case-started", "output", "passed", "failed", "attempt", "skipped", "suite-finished", "run-finished"]);
        lines[0].ShouldStartWith("""{"type":"run-started","name":"nightly",""");
        lines.ShouldContain(line => line.StartsWith("""{"type":"passed","caseKey":"c3","outcome":"flaky",""", StringComparison.Ordinal));
        lines.ShouldContain(line => line.Contains("\"kind\":\"error\"", StringComparison.Ordinal));
        lines[^1].ShouldContain("\"totals\":{\"total\":5,");
    }

    [Fact]
    public void From_OrdersEventsAsALiveRunWouldSendThem()
    {
        var types = TestEvents.From(SampleRuns.Rich()).Select(e => e.GetType().Name).ToList();

        types[0].ShouldBe(nameof(RunStartedEvent));
        types[1].ShouldBe(nameof(SuiteStartedEvent));
        types.IndexOf(nameof(AttemptEvent)).ShouldBeLessThan(types.IndexOf(nameof(CaseSkippedEvent)), "a flaky case's attempts come before its finish");
        types[^2].ShouldBe(nameof(OutputEvent));
        types[^1].ShouldBe(nameof(RunFinishedEvent));
    }

    [Fact]
    public void Assembler_MidRun_ReportsWhatItHasAndTheRunningCaseAsUnfinished()
    {
        var assembler = new TestRunAssembler();
        assembler.Apply(new RunStartedEvent { Name = "live", At = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero) });
        assembler.Apply(new SuiteStartedEvent { SuiteKey = "s", Name = "tests/test_x.py" });
        assembler.Apply(new CaseStartedEvent { SuiteKey = "s", CaseKey = "a", Id = "test_x::a", Name = "a" });
        assembler.Apply(new OutputEvent { CaseKey = "a", Text = "line 1\n" });
        assembler.Apply(new CasePassedEvent { CaseKey = "a", Outcome = TestOutcome.Passed, Duration = TimeSpan.FromSeconds(1) });
        assembler.Apply(new CaseStartedEvent { SuiteKey = "s", CaseKey = "b", Id = "test_x::b", Name = "b" });
        assembler.Apply(new OutputEvent { CaseKey = "b", Text = "part 1 " });
        assembler.Apply(new OutputEvent { CaseKey = "b", Text = "part 2", Stream = TestOutputStream.Stdout });

        var run = assembler.Build();

        run.Name.ShouldBe("live");
        run.Case("a").Outcome.ShouldBe(TestOutcome.Passed);
        run.Case("a").Stdout.ShouldBe("line 1\n");
        run.Case("b").Outcome.ShouldBe(TestOutcome.Errored);
        run.Case("b").Failure!.Type.ShouldBe("unfinished");
        run.Case("b").Stdout.ShouldBe("part 1 part 2");
    }

    [Fact]
    public void Assembler_EventForAnUnknownCase_IsRejected()
    {
        var assembler = new TestRunAssembler();

        Should.Throw<InvalidDataException>(() => assembler.Apply(new CaseFailedEvent { CaseKey = "nope", Outcome = TestOutcome.Failed }))
            .Message.ShouldBe("No case-started event for case key 'nope'.");
    }

    [Fact]
    public async Task Read_TypeNotFirst_IsAccepted()
    {
        var run = await ResultsTestKit.ParseAsync(new TestEventStreamReader(), """
            {"name":"other producer","type":"run-started"}

            {"suiteKey":"s1","name":"suite","type":"suite-started"}
            """);

        run.Name.ShouldBe("other producer");
        run.Suites.ShouldHaveSingleItem().Name.ShouldBe("suite");
    }

    [Fact]
    public async Task Read_UnknownSuite_FailsNamingTheLine()
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() => ResultsTestKit.ParseAsync(new TestEventStreamReader(), """
            {"type":"run-started"}
            {"type":"case-started","suiteKey":"s9","caseKey":"c1","id":"x","name":"x"}
            """, "events.jsonl"));

        error.Message.ShouldBe("events.jsonl:2: Not a test event: No suite-started event for suite key 's9'.");
    }

    [Fact]
    public async Task Read_UnknownTypeOrMissingMember_FailsNamingTheLine()
    {
        var unknown = await Should.ThrowAsync<MalformedReportException>(() => ResultsTestKit.ParseAsync(new TestEventStreamReader(), """{"type":"exploded"}""", "events.jsonl"));
        var missing = await Should.ThrowAsync<MalformedReportException>(() => ResultsTestKit.ParseAsync(new TestEventStreamReader(), "{\"type\":\"run-started\"}\n{\"type\":\"suite-started\",\"name\":\"s\"}", "events.jsonl"));

        unknown.Line.ShouldBe(1);
        missing.Line.ShouldBe(2);
        missing.Problem.ShouldContain("suiteKey");
    }
}
