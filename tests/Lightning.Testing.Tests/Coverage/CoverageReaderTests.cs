using System.Text;
using Lightning.Core.Errors;
using Lightning.Testing.Coverage;

namespace Lightning.Testing.Tests.Coverage;

public sealed class CoverageReaderTests
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("<?xml version=\"1.0\"?>\n<!DOCTYPE coverage SYSTEM \"x.dtd\">\n<coverage line-rate=\"1\"><sources/></coverage>", CoverageFormat.Cobertura)]
    [InlineData("<coverage generated=\"1\" clover=\"3.2.0\"><project/></coverage>", CoverageFormat.Clover)]
    [InlineData("<coverage generated=\"1\">\n  <project timestamp=\"1\">", CoverageFormat.Clover)]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE report PUBLIC \"-//JACOCO//DTD Report 1.1//EN\" \"report.dtd\"><report name=\"x\">", CoverageFormat.JaCoCo)]
    [InlineData("{\"meta\": {\"version\": \"6.5.0\", \"timestamp\": \"x\"}, \"files\": {}}", CoverageFormat.CoveragePyJson)]
    [InlineData("{\"files\": {\"a.py\": {\"executed_lines\": []}}}", CoverageFormat.CoveragePyJson)]
    [InlineData("{\n  \"RSpec\": {\n    \"coverage\": {", CoverageFormat.SimpleCov)]
    [InlineData("{\"schema\":\"lightning-coverage/1\",\"files\":[]}", CoverageFormat.LightningJson)]
    [InlineData("mode: atomic\na.go:1.1,2.2 1 1", CoverageFormat.GoProfile)]
    [InlineData("TN:\nSF:a.js\nDA:1,1\nend_of_record", CoverageFormat.Lcov)]
    [InlineData("SF:/src/a.cs\nFN:7,x", CoverageFormat.Lcov)]
    public void Detect_TellsTheFormatFromTheHead(string head, CoverageFormat format) =>
        CoverageSniffer.Detect(head).ShouldBe(format);

    [Theory]
    [InlineData("<testsuites/>")]
    [InlineData("{\"Action\":\"run\"}")]
    [InlineData("just text")]
    [InlineData("")]
    public void Detect_OtherContent_IsNotCoverage(string head) => CoverageSniffer.Detect(head).ShouldBeNull();

    [Fact]
    public async Task Read_UnknownContent_NamesTheFileAndTheFormatsRead()
    {
        var error = await Should.ThrowAsync<LightningException>(() =>
            new CoverageReader().ReadAsync(new MemoryStream("hello"u8.ToArray()), "notes.txt", Cancellation));

        error.Code.ShouldBe(CoverageReader.UnknownFormatCode);
        error.Message.ShouldBe("notes.txt: not a coverage report this platform reads (Cobertura, LCOV, JaCoCo XML, coverage.py JSON, Go cover profile, Clover, SimpleCov .resultset.json).");
    }

    [Fact]
    public async Task Read_EmptyFile_SaysItIsEmpty()
    {
        var error = await Should.ThrowAsync<LightningException>(() => new CoverageReader().ReadAsync(new MemoryStream(), "empty.info", Cancellation));

        error.Message.ShouldBe("empty.info: the coverage report is empty.");
    }

    [Fact]
    public async Task Read_StreamThatCannotSeek_IsSniffedThenReadWhole()
    {
        // Longer than the sniffed head, so that the replayed head and the rest must join exactly.
        var text = new StringBuilder("mode: count\n");
        for (var i = 1; i <= 2000; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"example.com/m/file{i % 7}.go:{i}.1,{i}.20 1 {i}\n");
        }

        using var pipe = new ForwardOnlyStream(Encoding.UTF8.GetBytes(text.ToString()));
        var report = await new CoverageReader().ReadAsync(pipe, "pipe", Cancellation);

        report.Files.Count.ShouldBe(7);
        report.Files.Sum(file => file.Lines.Count).ShouldBe(2000);
        report.File("example.com/m/file3.go")!.Line(1998)!.Hits.ShouldBe(1998);
    }

    [Fact]
    public async Task Read_FormatGiven_SkipsSniffing()
    {
        var error = await Should.ThrowAsync<Lightning.Testing.Results.MalformedReportException>(() =>
            new CoverageReader().ReadAsync(new MemoryStream("TN:\nSF:a\n"u8.ToArray()), "x", Cancellation, CoverageFormat.GoProfile));

        error.Problem.ShouldBe("A Go cover profile starts with a 'mode: set|count|atomic' line.");
    }

    [Fact]
    public void Services_RegisterEveryParserAndTheReader()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddTestCoverage();
        services.AddTestCoverage();
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);

        var reader = (CoverageReader)provider.GetService(typeof(CoverageReader))!;
        reader.Formats.ShouldBe(Enum.GetValues<CoverageFormat>(), ignoreOrder: true);
        provider.GetService(typeof(CoverageLoader)).ShouldNotBeNull();
    }

    sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        // Small reads, as a pipe gives them.
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 1000));

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
