using System.Globalization;
using System.Xml;

namespace Lightning.Testing.Results.Trx;

/// <summary>
/// Reads Visual Studio test results (TRX), from VSTest's <c>--logger trx</c> and Microsoft.Testing.Platform's
/// <c>--report-trx</c> alike. Results come before the definitions that name their classes, so results are held until
/// the end of the file and then grouped into one suite per class and assembly. A data-driven result with
/// <c>InnerResults</c> (MSTest data rows) becomes a nested suite holding one case per row. Run-level output and
/// run infos become the run's output and messages.
/// </summary>
public sealed partial class TrxParser : ITestReportParser
{
    public const string Namespace = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public TestReportFormat Format => TestReportFormat.Trx;

    public async Task<TestRun> ParseAsync(Stream stream, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        using var reader = XmlReader.Create(stream, XmlReports.ReaderSettings());
        try
        {
            return await new Reading(reader, source, cancellationToken).ReadAsync();
        }
        catch (XmlException exception)
        {
            throw XmlReports.Malformed(exception, reader, source);
        }
    }

    /// <summary>A result as read, before its definition is known.</summary>
    sealed class TrxResult
    {
        public required string TestName { get; init; }
        public string? TestId { get; init; }
        public string? ComputerName { get; init; }
        public TimeSpan? Duration { get; init; }
        public DateTimeOffset? StartTime { get; init; }
        public required string OutcomeText { get; init; }
        public required TestOutcome Outcome { get; init; }
        public bool OutcomeNeedsProperty { get; init; }
        public string? Stdout { get; set; }
        public string? Stderr { get; set; }
        public string? DebugTrace { get; set; }
        public string? ErrorMessage { get; set; }
        public string? ErrorStack { get; set; }
        public bool HasErrorInfo { get; set; }
        public List<string> TextMessages { get; } = [];
        public List<string> ResultFiles { get; } = [];
        public List<TrxResult> Inner { get; } = [];
    }

    /// <summary>What TestDefinitions says about a test id.</summary>
    sealed record TrxDefinition(string? ClassName, string? Storage, IReadOnlyList<TestProperty> Properties);

    static TimeSpan? ParseDuration(XmlReader reader, string source, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var duration))
        {
            throw XmlReports.Malformed(reader, source, $"<{reader.LocalName}> has duration=\"{text}\", which is not a time span (hh:mm:ss.fffffff).");
        }

        return duration;
    }
}
