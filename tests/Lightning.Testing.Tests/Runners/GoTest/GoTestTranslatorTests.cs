using Lightning.Testing.Results.Events;
using Lightning.Testing.Runners.GoTest;
using Lightning.Testing.Tests.Results;
using Lightning.Testing.Tests.Runners.Live;

namespace Lightning.Testing.Tests.Runners.GoTest;

/// <summary>The live reading of go test -json against the report parser, on the golden corpus's real go output.</summary>
public sealed class GoTestTranslatorTests
{
    [Theory]
    [InlineData("go-test.jsonl")]
    [InlineData("go-bench.jsonl")]
    public async Task OnLineAsync_GoldenStream_NamesAndJudgesCasesAsTheReport(string file)
    {
        var harness = new TranslatorHarness();
        var report = await ResultsTestKit.ReadGoldenAsync("go", file);

        await TranslatorHarness.FeedAsync(new GoTestTranslator(harness.Live), await File.ReadAllLinesAsync(ResultsTestKit.Golden("go", file), TestContext.Current.CancellationToken));

        harness.Outcomes().ShouldBe(TranslatorHarness.Finished(report), ignoreOrder: true);
    }

    [Fact]
    public async Task OnLineAsync_PanickingTest_IsAnErrorWithThePanic()
    {
        var harness = new TranslatorHarness();

        await TranslatorHarness.FeedAsync(new GoTestTranslator(harness.Live),
        [
            """{"Action":"run","Package":"example.com/p","Test":"TestPanics"}""",
            """{"Action":"output","Package":"example.com/p","Test":"TestPanics","Output":"=== RUN   TestPanics\n"}""",
            """{"Action":"output","Package":"example.com/p","Test":"TestPanics","Output":"panic: boom [recovered]\n"}""",
            """{"Action":"fail","Package":"example.com/p","Test":"TestPanics","Elapsed":0.01}""",
            "not json at all",
        ]);

        var failed = harness.Events.OfType<CaseFailedEvent>().ShouldHaveSingleItem();
        failed.Outcome.ShouldBe(Lightning.Testing.Results.TestOutcome.Errored);
        failed.Failures.ShouldHaveSingleItem().Message.ShouldBe("panic: boom [recovered]");
        harness.Events.OfType<OutputEvent>().ShouldHaveSingleItem().Text.ShouldBe("panic: boom [recovered]\n");
    }
}
