using System.Xml.Linq;
using Lightning.Testing.Results;
using Lightning.Testing.Results.JUnit;

namespace Lightning.Testing.Tests.Results.JUnit;

public sealed class JUnitXmlWriterTests
{
    [Fact]
    public async Task Write_ThenParse_GivesTheSameRun()
    {
        var run = SampleRuns.Rich() with { Messages = [] };

        var xml = await ResultsTestKit.WriteAsync(new JUnitXmlWriter(), run);
        var back = await ResultsTestKit.ParseAsync(new JUnitXmlParser(), xml);

        back.ShouldBeSameRunAs(run);
    }

    [Fact]
    public async Task Write_GivesJenkinsTheRootCountsAndCasesItReads()
    {
        var xml = XDocument.Parse(await ResultsTestKit.WriteAsync(new JUnitXmlWriter(), SampleRuns.Rich()));

        var root = xml.Root!;
        root.Name.LocalName.ShouldBe("testsuites");
        ((int)root.Attribute("tests")!).ShouldBe(5);
        ((int)root.Attribute("failures")!).ShouldBe(1);
        ((int)root.Attribute("errors")!).ShouldBe(2, "the errored case and the nested suite's own error");
        ((int)root.Attribute("skipped")!).ShouldBe(1);
        var suite = root.Element("testsuite")!;
        ((string)suite.Attribute("time")!).ShouldBe("1.2345678");
        ((string)suite.Attribute("timestamp")!).ShouldBe("2026-11-24T09:30:00.123+01:00");
        var divides = suite.Elements("testcase").Single(e => (string?)e.Attribute("name") == "divides");
        ((string)divides.Attribute("classname")!).ShouldBe("com.example.CalcTest");
        ((string)divides.Attribute("time")!).ShouldBe("1");
        divides.Element("failure")!.Attribute("message")!.Value.ShouldBe("expected: <3>\nbut was: <4>");
        divides.Element("error").ShouldNotBeNull();
    }

    [Fact]
    public async Task Write_Retries_AsSurefireDoes()
    {
        var xml = XDocument.Parse(await ResultsTestKit.WriteAsync(new JUnitXmlWriter(), SampleRuns.Rich()));

        var flaky = xml.Descendants("testcase").Single(e => (string?)e.Attribute("name") == "flaky");
        flaky.Elements().Select(e => e.Name.LocalName).ShouldBe(["flakyFailure", "flakyError"]);
        flaky.Element("flakyFailure")!.Element("stackTrace")!.Value.ShouldBe("trace 1");
        var rerun = xml.Descendants("testcase").Single(e => (string?)e.Attribute("name") == "add(1, 2)");
        rerun.Elements().Select(e => e.Name.LocalName).ShouldBe(["error", "rerunError"]);
    }

    [Fact]
    public async Task Write_CharactersXmlCannotCarry_AreSpelledOut()
    {
        var run = new TestRun
        {
            Suites = [new TestSuite { Name = "s", Cases = [new TestCase { Id = "t", Name = "t", Outcome = TestOutcome.Passed, Stdout = "\u001b[31mred\u001b[0m and a lone \ud800 surrogate" }] }],
        };

        var xml = await ResultsTestKit.WriteAsync(new JUnitXmlWriter(), run);
        var back = await ResultsTestKit.ParseAsync(new JUnitXmlParser(), xml);

        back.Case("t").Stdout.ShouldBe("#x1B[31mred#x1B[0m and a lone #xD800 surrogate");
    }

    [Fact]
    public async Task Write_PytestRun_WritesPytestsZeroBasedLines()
    {
        var run = new TestRun
        {
            Framework = "pytest",
            Suites = [new TestSuite { Name = "pytest", Cases = [new TestCase { Id = "t::a", Name = "a", ClassName = "t", Line = 10, Outcome = TestOutcome.Passed }] }],
        };

        var xml = XDocument.Parse(await ResultsTestKit.WriteAsync(new JUnitXmlWriter(), run));

        ((int)xml.Descendants("testcase").Single().Attribute("line")!).ShouldBe(9);
    }

    [Fact]
    public async Task Write_IsUtf8WithoutByteOrderMark()
    {
        using var buffer = new MemoryStream();
        await new JUnitXmlWriter().WriteAsync(SampleRuns.Rich(), buffer, TestContext.Current.CancellationToken);

        buffer.ToArray()[..5].ShouldBe("<?xml"u8.ToArray());
    }
}
