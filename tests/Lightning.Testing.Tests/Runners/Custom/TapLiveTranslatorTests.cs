using Lightning.Testing.Runners.Custom;
using Lightning.Testing.Tests.Results;
using Lightning.Testing.Tests.Runners.Live;

namespace Lightning.Testing.Tests.Runners.Custom;

/// <summary>The live reading of TAP against the TAP parser, on the golden corpus (Node's test runner, TAP 14 by hand).</summary>
public sealed class TapLiveTranslatorTests
{
    [Fact]
    public async Task OnLineAsync_NodeTestRunner_NamesAndJudgesCasesAsTheParser()
    {
        var harness = new TranslatorHarness();
        var report = await ResultsTestKit.ReadGoldenAsync("node-tap", "node-tap.tap");

        await TranslatorHarness.FeedAsync(new TapLiveTranslator(harness.Live), await File.ReadAllLinesAsync(ResultsTestKit.Golden("node-tap", "node-tap.tap"), TestContext.Current.CancellationToken));

        harness.Outcomes().ShouldBe(TranslatorHarness.Finished(report), ignoreOrder: true);
    }

    [Fact]
    public async Task OnLineAsync_Tap14ByHand_FollowsEveryCaseBeforeTheBailOut()
    {
        var harness = new TranslatorHarness();
        var report = await ResultsTestKit.ReadGoldenAsync("handwritten", "tap14-subtests.tap");

        await TranslatorHarness.FeedAsync(new TapLiveTranslator(harness.Live), await File.ReadAllLinesAsync(ResultsTestKit.Golden("handwritten", "tap14-subtests.tap"), TestContext.Current.CancellationToken));

        harness.Outcomes().ShouldBe(TranslatorHarness.Finished(report), ignoreOrder: true);
    }
}
