using System.Globalization;
using System.Text;
using Lightning.Core.Errors;
using Lightning.Testing.Results;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Results;

public sealed class TestReportReaderTests
{
    [Theory]
    [InlineData("<?xml version=\"1.0\"?>\n<!-- from CI -->\n<testsuites>", TestReportFormat.JUnitXml)]
    [InlineData("\uFEFF<testsuite name=\"x\">", TestReportFormat.JUnitXml)]
    [InlineData("<?xml version=\"1.0\" encoding=\"utf-8\"?><TestRun id=\"1\" xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\">", TestReportFormat.Trx)]
    [InlineData("TAP version 14\n1..1\nok 1\n", TestReportFormat.Tap)]
    [InlineData("1..2\nok 1\n", TestReportFormat.Tap)]
    [InlineData("# comment first\nnot ok 1 - x\n", TestReportFormat.Tap)]
    [InlineData("{\"Time\":\"2026-11-24T10:00:00Z\",\"Action\":\"run\",\"Package\":\"m\"}\n", TestReportFormat.GoTestJson)]
    [InlineData("# example.com/m [example.com/m.test]\n./x.go:3:1: syntax error\n{\"Action\":\"fail\",\"Package\":\"m\"}\n", TestReportFormat.GoTestJson)]
    [InlineData("{\"type\":\"run-started\",\"name\":\"n\"}\n", TestReportFormat.EventStream)]
    public void Detect_TellsTheFormatFromTheHead(string head, TestReportFormat format)
    {
        TestReportSniffer.Detect(head).ShouldBe(format);
    }

    [Theory]
    [InlineData("<html><body/></html>")]
    [InlineData("{\"hello\":\"world\"}")]
    [InlineData("just some text\n# and a comment\n")]
    [InlineData("")]
    public void Detect_SomethingElse_IsNull(string head)
    {
        TestReportSniffer.Detect(head).ShouldBeNull();
    }

    [Fact]
    public async Task ReadFile_DetectsAndParses()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("results.tap");
        await File.WriteAllTextAsync(path, "TAP version 13\nok 1 - works\n1..1\n", TestContext.Current.CancellationToken);

        var run = await new TestReportReader().ReadFileAsync(path, TestContext.Current.CancellationToken);

        run.Case("works").Outcome.ShouldBe(TestOutcome.Passed);
        run.Suites[0].Name.ShouldBe("results.tap");
    }

    [Fact]
    public async Task Read_StreamThatCannotSeek_IsBufferedThenParsed()
    {
        using var pipe = new NonSeekableStream(Encoding.UTF8.GetBytes("<testsuite name=\"s\"><testcase name=\"t\"/></testsuite>"));

        var run = await new TestReportReader().ReadAsync(pipe, "stdin", TestContext.Current.CancellationToken);

        run.Case("t").Outcome.ShouldBe(TestOutcome.Passed);
    }

    [Fact]
    public async Task Read_LongReportThatCannotSeek_ReplaysItsHeadThenReadsTheRest()
    {
        var tap = new StringBuilder("TAP version 13\n");
        for (var i = 1; i <= 3000; i++)
        {
            tap.Append(CultureInfo.InvariantCulture, $"ok {i} - case number {i} with a description long enough to pass the head\n");
        }

        tap.Append("1..3000\n");
        tap.Length.ShouldBeGreaterThan(TestReportSniffer.HeadLength * 10);
        using var pipe = new NonSeekableStream(Encoding.UTF8.GetBytes(tap.ToString()));

        var run = await new TestReportReader().ReadAsync(pipe, "pipe", TestContext.Current.CancellationToken);

        run.Totals.Passed.ShouldBe(3000);
        run.Suites[0].Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Read_UnknownFormat_SaysWhichFormatsAreRead()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("hello world"));

        var error = await Should.ThrowAsync<LightningException>(() => new TestReportReader().ReadAsync(stream, "notes.txt", TestContext.Current.CancellationToken));

        error.Code.ShouldBe(TestReportReader.UnknownFormatCode);
        error.Kind.ShouldBe(ErrorKind.Invalid);
        error.Message.ShouldBe("notes.txt: not a test report this platform reads (JUnit XML, TRX, TAP, go test -json or its JSON event stream).");
    }

    [Fact]
    public async Task Read_EmptyReport_SaysItIsEmpty()
    {
        using var stream = new MemoryStream();

        var error = await Should.ThrowAsync<LightningException>(() => new TestReportReader().ReadAsync(stream, "empty.xml", TestContext.Current.CancellationToken));

        error.Message.ShouldBe("empty.xml: the report is empty.");
    }

    [Fact]
    public async Task Read_WithAFormat_SkipsDetection()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("ok 1 - told\n1..1\n"));

        var run = await new TestReportReader().ReadAsync(stream, "x", TestContext.Current.CancellationToken, TestReportFormat.Tap);

        run.Case("told").Outcome.ShouldBe(TestOutcome.Passed);
    }

    sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
