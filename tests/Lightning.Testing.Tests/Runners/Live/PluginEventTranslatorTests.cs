using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Runners.Live;

namespace Lightning.Testing.Tests.Runners.Live;

public sealed class PluginEventTranslatorTests
{
    static async Task<(TranslatorHarness Harness, PluginEventTranslator Translator)> FeedAsync(params string[] lines)
    {
        var harness = new TranslatorHarness();
        var translator = new PluginEventTranslator(harness.Live, info => TestCaseId.Create(info.ClassName, info.Name));
        foreach (var line in lines)
        {
            await translator.OnEventLineAsync(line);
        }

        return (harness, translator);
    }

    [Fact]
    public async Task OnEventLineAsync_StartOutputFinish_BecomeCaseEvents()
    {
        var (harness, _) = await FeedAsync(
            """{"e":"start","k":"n1","suite":"pytest","className":"tests.test_calc","name":"test_fails","file":"tests/test_calc.py","line":12,"selector":"tests/test_calc.py::test_fails"}""",
            """{"e":"output","k":"n1","stream":"stderr","text":"err\n"}""",
            """{"e":"output","suite":"pytest","stream":"stdout","text":"suite says\n"}""",
            """{"e":"finish","k":"n1","outcome":"failed","duration":0.25,"failures":[{"kind":"failure","message":"assert 4 == 5","stack":"trace"}]}""");

        var started = harness.Events.OfType<CaseStartedEvent>().ShouldHaveSingleItem();
        started.Id.ShouldBe("tests.test_calc::test_fails");
        started.File.ShouldBe("tests/test_calc.py");
        started.Line.ShouldBe(12);
        harness.Events.OfType<OutputEvent>().Select(output => (output.CaseKey, output.SuiteKey, output.Stream)).ShouldBe(
            [("c1", null, TestOutputStream.Stderr), (null, "s1", TestOutputStream.Stdout)]);
        var failed = harness.Events.OfType<CaseFailedEvent>().ShouldHaveSingleItem();
        failed.Duration.ShouldBe(TimeSpan.FromSeconds(0.25));
        failed.Failures.ShouldBe([new TestFailure(TestFailureKind.Failure, "assert 4 == 5", null, "trace")]);
    }

    [Fact]
    public async Task OnEventLineAsync_FinishWithoutStart_StartsTheCaseFromItsFields()
    {
        var (harness, _) = await FeedAsync(
            """{"e":"finish","k":"x","suite":"s","className":"C","name":"skipped one","outcome":"skipped","skip":{"message":"not today","type":"pending"}}""");

        harness.Events.OfType<CaseStartedEvent>().ShouldHaveSingleItem().Id.ShouldBe("C::skipped one");
        harness.Events.OfType<CaseSkippedEvent>().ShouldHaveSingleItem().Skip.ShouldBe(new TestSkip("not today", "pending", null));
    }

    [Fact]
    public async Task OnEventLineAsync_LinesThatAreNotEvents_AreCountedAndIgnored()
    {
        var (harness, translator) = await FeedAsync("not json", "[1, 2]", """{"e":"mystery"}""", "", """{"e":"start"}""");

        harness.Events.ShouldBeEmpty();
        translator.IgnoredLines.ShouldBe(4);
    }
}
