using System.Text;
using Lightning.Core.Errors;
using Lightning.Testing.Coverage.Formats;
using Lightning.Testing.Results;

namespace Lightning.Testing.Coverage;

/// <summary>
/// Reads a coverage report of any supported format: detects the format (<see cref="CoverageSniffer"/>) unless told,
/// then hands the stream to that format's parser. Paths stay as the report wrote them; see <see cref="CoveragePathMapper"/>.
/// </summary>
public sealed class CoverageReader
{
    public const string UnknownFormatCode = "testing.coverage_unknown_format";

    readonly Dictionary<CoverageFormat, ICoverageParser> _parsers;

    public CoverageReader(IEnumerable<ICoverageParser> parsers)
    {
        ArgumentNullException.ThrowIfNull(parsers);
        _parsers = parsers.ToDictionary(parser => parser.Format);
    }

    /// <summary>A reader with every built-in parser, for callers without a service container.</summary>
    public CoverageReader()
        : this(BuiltInParsers())
    {
    }

    public IReadOnlyCollection<CoverageFormat> Formats => _parsers.Keys;

    public static IReadOnlyList<ICoverageParser> BuiltInParsers() =>
    [
        new CoberturaParser(), new LcovParser(), new JaCoCoParser(), new CoveragePyJsonParser(), new GoProfileParser(),
        new CloverParser(), new SimpleCovParser(), new LightningCoverageJsonParser(),
    ];

    public async Task<CoverageReport> ReadFileAsync(string path, CancellationToken cancellationToken, CoverageFormat? format = null)
    {
        await using var stream = SniffingReportReader.OpenRead(path);
        return await ReadAsync(stream, path, cancellationToken, format);
    }

    /// <summary>
    /// Reads a report from <paramref name="stream"/>, named <paramref name="source"/> in errors. A stream that cannot
    /// seek gets its first bytes replayed in front of the rest once the format is known.
    /// </summary>
    public async Task<CoverageReport> ReadAsync(Stream stream, string source, CancellationToken cancellationToken, CoverageFormat? format = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        if (format is null)
        {
            (format, stream) = await SniffingReportReader.SniffAsync(
                stream, CoverageSniffer.HeadLength, head => Detect(head.Span, source), cancellationToken);
        }

        if (!_parsers.TryGetValue(format.Value, out var parser))
        {
            throw new LightningException(ErrorKind.Invalid, UnknownFormatCode, $"{source}: no coverage parser is registered for {format}.");
        }

        return await parser.ParseAsync(stream, source, cancellationToken);
    }

    /// <summary>The format of a seekable stream, which is left where it was.</summary>
    public static Task<CoverageFormat> DetectAsync(Stream stream, string source, CancellationToken cancellationToken) =>
        SniffingReportReader.DetectAsync(stream, CoverageSniffer.HeadLength, head => Detect(head.Span, source), cancellationToken);

    static CoverageFormat Detect(ReadOnlySpan<byte> head, string source) =>
        CoverageSniffer.Detect(Encoding.UTF8.GetString(head))
        ?? throw new LightningException(ErrorKind.Invalid, UnknownFormatCode,
            head.IsEmpty
                ? $"{source}: the coverage report is empty."
                : $"{source}: not a coverage report this platform reads (Cobertura, LCOV, JaCoCo XML, coverage.py JSON, Go cover profile, Clover, SimpleCov .resultset.json).");
}
