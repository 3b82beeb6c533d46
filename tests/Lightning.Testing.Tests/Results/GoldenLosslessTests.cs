using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Lightning.Testing.Results;

namespace Lightning.Testing.Tests.Results;

/// <summary>
/// Proves that the golden reports parse without loss, by reading each file a second, independent way (XDocument for
/// XML, JsonDocument for go test -json, plain line matching for TAP) and finding every test case, outcome, message,
/// stack, output and duration of the file in the parsed model.
/// </summary>
public sealed partial class GoldenLosslessTests
{
    static readonly HashSet<string> TextElements = new(StringComparer.Ordinal)
    {
        "failure", "error", "skipped", "system-out", "system-err", "stackTrace", "Message", "StackTrace", "StdOut", "StdErr", "DebugTrace", "Text",
    };

    public static TheoryData<string> JUnitReports => GoldenCorpusTests.JUnitReports;

    public static TheoryData<string> TrxReports => GoldenCorpusTests.TrxReports;

    [Theory]
    [MemberData(nameof(JUnitReports))]
    [MemberData(nameof(TrxReports))]
    public async Task XmlReport_EveryTextAndAttributeValue_IsInTheModel(string file)
    {
        var run = await ResultsTestKit.ReadGoldenAsync(file);
        var strings = ResultsTestKit.Strings(run);
        var document = XDocument.Load(ResultsTestKit.Golden(file), LoadOptions.PreserveWhitespace);

        foreach (var element in document.Descendants())
        {
            foreach (var attribute in element.Attributes().Where(a => a.Name.LocalName is "name" or "message" or "type" or "classname" or "value"))
            {
                if (element.Name.LocalName is "TestRun" or "UnitTest" or "TestMethod" or "TestList" or "TestSettings" || attribute.Value.Length == 0)
                {
                    // TRX bookkeeping (test lists, settings, definitions that repeat the results); TRX test names are
                    // split into class and name, which the TRX test below checks.
                    continue;
                }

                strings.ShouldContain(s => s.Contains(attribute.Value, StringComparison.Ordinal), $"{element.Name.LocalName}/@{attribute.Name}=\"{attribute.Value}\" is lost");
            }

            if (TextElements.Contains(element.Name.LocalName) && !element.HasElements && element.Value.Trim().Length > 0)
            {
                strings.ShouldContain(s => s.Contains(element.Value, StringComparison.Ordinal), $"the text of <{element.Name.LocalName}> is lost: {element.Value[..Math.Min(80, element.Value.Length)]}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(JUnitReports))]
    public async Task JUnitReport_EveryTestcase_IsACaseWithItsOutcomeDurationFailuresAndOutput(string file)
    {
        var run = await ResultsTestKit.ReadGoldenAsync(file);
        var document = XDocument.Load(ResultsTestKit.Golden(file), LoadOptions.PreserveWhitespace);
        var elements = document.Descendants("testcase").ToList();
        var cases = run.EnumerateCases().ToList();
        cases.Count.ShouldBe(elements.Count);

        var remaining = cases.ToList();
        foreach (var element in elements)
        {
            var name = (string)element.Attribute("name")!;
            var className = (string?)element.Attribute("classname") ?? (string?)element.Attribute("class");
            var testCase = remaining.First(c => c.Name == name && (c.ClassName ?? string.Empty) == (className ?? string.Empty));
            remaining.Remove(testCase);

            testCase.Outcome.ShouldBe(ExpectedOutcome(element), name);
            testCase.Duration.ShouldBe(Seconds((string?)element.Attribute("time")), name);
            testCase.Stdout.ShouldBe(Joined(element.Elements("system-out")), name);
            testCase.Stderr.ShouldBe(Joined(element.Elements("system-err")), name);
            if (element.Attribute("line") is { } line)
            {
                var offset = run.Framework == "pytest" ? 1 : 0; // pytest's lines are 0-based
                testCase.Line.ShouldBe(int.Parse(line.Value, CultureInfo.InvariantCulture) + offset, name);
            }

            var failures = element.Elements().Where(e => e.Name.LocalName is "failure" or "error").ToList();
            testCase.Failures.Count.ShouldBe(failures.Count, name);
            for (var i = 0; i < failures.Count; i++)
            {
                testCase.Failures[i].Kind.ShouldBe(failures[i].Name.LocalName == "error" ? TestFailureKind.Error : TestFailureKind.Failure, name);
                testCase.Failures[i].Type.ShouldBe(NullIfEmpty((string?)failures[i].Attribute("type")), name);
                testCase.Failures[i].Stack.ShouldBe(NullIfEmpty(failures[i].Value), name);
                if (NullIfEmpty((string?)failures[i].Attribute("message")) is { } message)
                {
                    testCase.Failures[i].Message.ShouldBe(message, name);
                }
            }

            var retries = element.Elements().Where(e => e.Name.LocalName is "flakyFailure" or "flakyError" or "rerunFailure" or "rerunError").ToList();
            foreach (var retry in retries)
            {
                testCase.Attempts.ShouldContain(a =>
                    a.Failure != null && a.Failure.Message == (string?)retry.Attribute("message") && a.Failure.Stack == (string?)retry.Element("stackTrace")
                    && a.Stdout == NullIfEmpty((string?)retry.Element("system-out")) && a.Stderr == NullIfEmpty((string?)retry.Element("system-err")), name);
            }

            foreach (var property in element.Elements("properties").Elements("property"))
            {
                testCase.Properties.ShouldContain(new TestProperty((string)property.Attribute("name")!, (string)property.Attribute("value")!), name);
            }
        }

        foreach (var suiteElement in document.Descendants("testsuite"))
        {
            var suite = run.EnumerateSuites().First(s => s.Name == ((string?)suiteElement.Attribute("name") ?? string.Empty) && s.Duration == Seconds((string?)suiteElement.Attribute("time")));
            suite.Stdout.ShouldBe(Joined(suiteElement.Elements("system-out")));
            suite.Cases.Count.ShouldBe(suiteElement.Elements("testcase").Count());
            suite.Errors.Count.ShouldBe(suiteElement.Elements().Count(e => e.Name.LocalName is "failure" or "error"));
        }
    }

    [Theory]
    [MemberData(nameof(TrxReports))]
    public async Task TrxReport_EveryResult_IsACaseWithItsOutcomeDurationErrorAndOutput(string file)
    {
        var run = await ResultsTestKit.ReadGoldenAsync(file);
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        var document = XDocument.Load(ResultsTestKit.Golden(file), LoadOptions.PreserveWhitespace);
        var leaves = document.Descendants(ns + "UnitTestResult").Where(r => r.Element(ns + "InnerResults") is null).ToList();
        var cases = run.EnumerateCases().ToList();
        cases.Count.ShouldBe(leaves.Count);

        foreach (var leaf in leaves)
        {
            var testName = (string)leaf.Attribute("testName")!;
            var testCase = cases.Single(c => c.Name == testName || c.ClassName + "." + c.Name == testName);
            var outcome = (string)leaf.Attribute("outcome")!;
            testCase.Outcome.ShouldBe(outcome switch
            {
                "Passed" => TestOutcome.Passed,
                "Failed" => TestOutcome.Failed,
                "Timeout" or "Error" or "Aborted" => TestOutcome.Errored,
                _ => TestOutcome.Skipped,
            }, testName);
            testCase.Duration.ShouldBe(TimeSpan.Parse((string)leaf.Attribute("duration")!, CultureInfo.InvariantCulture), testName);
            var output = leaf.Element(ns + "Output");
            testCase.Stdout.ShouldBe(NullIfEmpty((string?)output?.Element(ns + "StdOut")), testName);
            testCase.Stderr.ShouldBe(NullIfEmpty((string?)output?.Element(ns + "StdErr")), testName);
            var message = NullIfEmpty((string?)output?.Element(ns + "ErrorInfo")?.Element(ns + "Message"));
            var stack = NullIfEmpty((string?)output?.Element(ns + "ErrorInfo")?.Element(ns + "StackTrace"));
            if (testCase.Outcome == TestOutcome.Skipped)
            {
                testCase.Skip.ShouldNotBeNull().Message.ShouldBe(message, testName);
            }
            else if (testCase.Outcome != TestOutcome.Passed)
            {
                testCase.Failure.ShouldNotBeNull().Message.ShouldBe(message, testName);
                testCase.Failure.Stack.ShouldBe(stack, testName);
            }
        }

        run.Messages.Count.ShouldBe(document.Descendants(ns + "RunInfo").Count());
    }

    [Theory]
    [InlineData("node-tap/node-tap.tap")]
    [InlineData("handwritten/tap14-subtests.tap")]
    public async Task TapReport_EveryTestPoint_IsACaseOrASubtestSuite(string file)
    {
        var run = await ResultsTestKit.ReadGoldenAsync(file);
        var lines = await File.ReadAllLinesAsync(ResultsTestKit.Golden(file), TestContext.Current.CancellationToken);
        var bailOut = Array.FindIndex(lines, line => line.TrimStart().StartsWith("Bail out!", StringComparison.Ordinal));
        var read = bailOut < 0 ? lines : lines[..bailOut];
        var points = read.Select(line => TestPoint().Match(line)).Where(match => match.Success).ToList();
        var names = run.EnumerateCases().Select(c => c.Name).Concat(run.EnumerateSuites().Skip(1).Select(s => s.Name)).ToList();

        var subtestSuites = run.EnumerateSuites().Skip(1).Count(suite => !suite.Errors.Any(error => error.Type == "bail-out"));
        points.Count.ShouldBe(run.EnumerateCases().Count() + subtestSuites);
        foreach (var point in points)
        {
            var description = point.Groups["description"].Value.Replace(@"\#", "#", StringComparison.Ordinal).Replace(@"\\", @"\", StringComparison.Ordinal).Trim();
            names.ShouldContain(description);
        }

        var durations = read.Count(line => line.TrimStart().StartsWith("duration_ms:", StringComparison.Ordinal));
        (run.EnumerateCases().Count(c => c.Duration is not null) + run.EnumerateSuites().Count(s => s.Duration is not null)).ShouldBe(durations);

        var strings = ResultsTestKit.Strings(run);
        foreach (var comment in read.Select(line => line.Trim()).Where(line => line.StartsWith("# ", StringComparison.Ordinal) && !line.StartsWith("# Subtest", StringComparison.Ordinal)))
        {
            var text = comment[2..];
            strings.ShouldContain(s => s.Contains(text, StringComparison.Ordinal), $"comment lost: {comment}");
        }
    }

    [Theory]
    [InlineData("go/go-test.jsonl")]
    [InlineData("go/go-bench.jsonl")]
    public async Task GoTestJson_EveryTestAndOutputLine_IsInTheModel(string file)
    {
        var run = await ResultsTestKit.ReadGoldenAsync(file);
        var strings = ResultsTestKit.Strings(run);
        var finished = new Dictionary<(string Package, string Test), (string Action, decimal Elapsed)>();
        foreach (var line in await File.ReadAllLinesAsync(ResultsTestKit.Golden(file), TestContext.Current.CancellationToken))
        {
            if (!line.StartsWith('{'))
            {
                strings.ShouldContain(s => s.Contains(line, StringComparison.Ordinal), $"text line lost: {line}");
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var action = root.GetProperty("Action").GetString()!;
            var package = root.GetProperty("Package").GetString()!;
            var test = root.TryGetProperty("Test", out var t) ? t.GetString() : null;
            if (action == "output" && root.GetProperty("Output").GetString() is { } output && !Framing().IsMatch(output))
            {
                strings.ShouldContain(s => s.Contains(output, StringComparison.Ordinal), $"output lost: {output}");
            }

            if (test is not null && action is "pass" or "fail" or "skip" or "bench")
            {
                finished[(package, test)] = (action, root.GetProperty("Elapsed").GetDecimal());
            }
        }

        var cases = run.EnumerateCases().Where(c => c.Outcome != TestOutcome.Errored || c.Failure?.Type != "unfinished").ToList();
        cases.Count.ShouldBe(finished.Count);
        foreach (var ((package, test), (action, elapsed)) in finished)
        {
            var testCase = run.Case(test);
            testCase.ClassName.ShouldBe(package);
            testCase.Duration.ShouldBe(TimeSpan.FromTicks((long)(elapsed * TimeSpan.TicksPerSecond)));
            testCase.Outcome.ShouldBeOneOf(action switch
            {
                "pass" or "bench" => [TestOutcome.Passed],
                "skip" => [TestOutcome.Skipped],
                _ => [TestOutcome.Failed, TestOutcome.Errored],
            });
        }
    }

    static TestOutcome ExpectedOutcome(XElement testcase)
    {
        var first = testcase.Elements().FirstOrDefault(e => e.Name.LocalName is "failure" or "error");
        if (first is not null)
        {
            return first.Name.LocalName == "error" ? TestOutcome.Errored : TestOutcome.Failed;
        }

        if (testcase.Element("skipped") is not null)
        {
            return TestOutcome.Skipped;
        }

        return testcase.Elements().Any(e => e.Name.LocalName is "flakyFailure" or "flakyError") ? TestOutcome.Flaky : TestOutcome.Passed;
    }

    static TimeSpan? Seconds(string? text) =>
        string.IsNullOrEmpty(text) ? null : TimeSpan.FromTicks((long)(decimal.Parse(text.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond));

    static string? Joined(IEnumerable<XElement> elements) => NullIfEmpty(string.Concat(elements.Select(e => e.Value)));

    static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    [GeneratedRegex(@"^\s*(?:not )?ok(?:\s+\d+)?(?:\s+-)?\s*(?<description>(?:[^#\\]|\\.)*)")]
    private static partial Regex TestPoint();

    [GeneratedRegex(@"^\s*(?:=== (?:RUN|PAUSE|CONT|NAME)\s|--- (?:PASS|FAIL|SKIP|BENCH): )")]
    private static partial Regex Framing();
}
