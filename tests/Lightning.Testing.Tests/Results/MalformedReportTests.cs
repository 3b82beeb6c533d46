using Lightning.Testing.Results;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Results;

/// <summary>Every format's broken files: the error is a <see cref="MalformedReportException"/> whose message starts with the file's path and the line.</summary>
public sealed class MalformedReportTests : IDisposable
{
    readonly TempDirectory _directory = new();

    public static TheoryData<string, string, int> BrokenReports => new()
    {
        { "junit-unclosed.xml", "<testsuites>\n  <testsuite name=\"s\">\n    <testcase name=\"t\">\n  </testsuite>\n</testsuites>\n", 4 },
        { "junit-bad-line.xml", "<testsuite name=\"s\">\n<testcase name=\"t\" line=\"twelve\"/>\n</testsuite>\n", 2 },
        { "junit-bad-timestamp.xml", "<testsuites>\n\n<testsuite name=\"s\" timestamp=\"yesterday\"/>\n</testsuites>\n", 3 },
        { "junit-nameless-property.xml", "<testsuite name=\"s\">\n<properties>\n<property value=\"v\"/>\n</properties>\n</testsuite>\n", 3 },
        { "run-no-test-name.trx", "<TestRun xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\">\n<Results>\n<UnitTestResult outcome=\"Passed\"/>\n</Results>\n</TestRun>\n", 3 },
        { "run-bad-start.trx", "<TestRun xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\">\n<Times start=\"noon\"/>\n</TestRun>\n", 2 },
        { "results.tap", "TAP version 13\nok 1\nnot ok 2\n  ---\n  message: 'unterminated\n", 5 },
        { "go.jsonl", "{\"Action\":\"run\",\"Package\":\"m\",\"Test\":\"T\"}\n{\"Action\":\"pass\",\"Package\":\"m\",\"Test\":\"T\",\"Time\":\"not a time\"}\n", 2 },
        { "events.jsonl", "{\"type\":\"run-started\"}\n{\"type\":\"suite-started\",\"suiteKey\":\"s1\",\"name\":\"s\"}\n{\"type\":\"passed\",\"caseKey\":\"c1\",\"outcome\":\"passed\"}\n", 3 },
    };

    [Theory]
    [MemberData(nameof(BrokenReports))]
    public async Task ReadFile_BrokenReport_NamesTheFileAndTheLine(string name, string content, int line)
    {
        var path = _directory.Combine(name);
        await File.WriteAllTextAsync(path, content, TestContext.Current.CancellationToken);

        var error = await Should.ThrowAsync<MalformedReportException>(() => new TestReportReader().ReadFileAsync(path, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("testing.report_malformed");
        error.Source.ShouldBe(path);
        error.Line.ShouldBe(line);
        error.Message.ShouldStartWith($"{path}:{line}: ");
        error.Message.ShouldNotContain("\n");
    }

    public void Dispose() => _directory.Dispose();
}
