using System.Text;
using Lightning.Core.Errors;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Results.GoTest;
using Lightning.Testing.Results.JUnit;
using Lightning.Testing.Results.Tap;
using Lightning.Testing.Results.Trx;

namespace Lightning.Testing.Results;

/// <summary>
/// Reads a report of any supported format into the result model: detects the format (<see cref="TestReportSniffer"/>)
/// unless told, then hands the stream to that format's parser.
/// </summary>
public sealed class TestReportReader
{
    public const string UnknownFormatCode = "testing.report_unknown_format";

    readonly Dictionary<TestReportFormat, ITestReportParser> _parsers;

    public TestReportReader(IEnumerable<ITestReportParser> parsers)
    {
        ArgumentNullException.ThrowIfNull(parsers);
        _parsers = parsers.ToDictionary(parser => parser.Format);
    }

    /// <summary>A reader with every built-in parser, for callers without a service container.</summary>
    public TestReportReader()
        : this([new JUnitXmlParser(), new TrxParser(), new TapParser(), new GoTestJsonParser(), new TestEventStreamReader()])
    {
    }

    public IReadOnlyCollection<TestReportFormat> Formats => _parsers.Keys;

    public async Task<TestRun> ReadFileAsync(string path, CancellationToken cancellationToken, TestReportFormat? format = null)
    {
        await using var stream = SniffingReportReader.OpenRead(path);
        return await ReadAsync(stream, path, cancellationToken, format);
    }

    /// <summary>
    /// Reads a report from <paramref name="stream"/>, named <paramref name="source"/> in errors. The format is told
    /// from the first bytes; a stream that cannot seek gets them replayed in front of the rest, so nothing is
    /// buffered beyond <see cref="TestReportSniffer.HeadLength"/>.
    /// </summary>
    public async Task<TestRun> ReadAsync(Stream stream, string source, CancellationToken cancellationToken, TestReportFormat? format = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        if (format is null)
        {
            (format, stream) = await SniffingReportReader.SniffAsync(
                stream, TestReportSniffer.HeadLength, head => Detect(head.Span, source), cancellationToken);
        }

        if (!_parsers.TryGetValue(format.Value, out var parser))
        {
            throw new LightningException(ErrorKind.Invalid, UnknownFormatCode, $"{source}: no parser is registered for {format}.");
        }

        return await parser.ParseAsync(stream, source, cancellationToken);
    }

    /// <summary>
    /// Reads a report its sender says is <paramref name="expected"/> (<c>test import --format</c>): that format's parser,
    /// once the first bytes are checked not to say another format, so a wrong guess is an error and not an empty run.
    /// </summary>
    public async Task<TestRun> ReadAsAsync(Stream stream, string source, TestReportFormat expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        var (sniffed, replay) = await SniffingReportReader.SniffAsync(
            stream, TestReportSniffer.HeadLength, head => TestReportSniffer.Detect(Encoding.UTF8.GetString(head.Span)), cancellationToken);
        if (sniffed is { } other && other != expected)
        {
            throw new LightningException(ErrorKind.Invalid, "testing.report_format_mismatch",
                $"{source}: given as {TestReportFormats.NameOf(expected)}, but the file is {TestReportFormats.NameOf(other)}.");
        }

        return await ReadAsync(replay, source, cancellationToken, expected);
    }

    /// <summary>The format of a seekable stream, which is left where it was.</summary>
    public static Task<TestReportFormat> DetectAsync(Stream stream, string source, CancellationToken cancellationToken) =>
        SniffingReportReader.DetectAsync(stream, TestReportSniffer.HeadLength, head => Detect(head.Span, source), cancellationToken);

    static TestReportFormat Detect(ReadOnlySpan<byte> head, string source) =>
        TestReportSniffer.Detect(Encoding.UTF8.GetString(head))
        ?? throw new LightningException(ErrorKind.Invalid, UnknownFormatCode,
            head.IsEmpty
                ? $"{source}: the report is empty."
                : $"{source}: not a test report this platform reads (JUnit XML, TRX, TAP, go test -json or its JSON event stream).");
}
