using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace Lightning.Testing.Results;

/// <summary>What the XML parsers share: safe reader settings, text reading, and errors that name the file and line.</summary>
internal static partial class XmlReports
{
    /// <summary>Async, no DTDs and no external resolution (a report is untrusted input), whitespace kept for output text.</summary>
    public static XmlReaderSettings ReaderSettings() => new()
    {
        Async = true,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = false,
        CloseInput = false,
    };

    public static int? LineOf(XmlReader reader) =>
        reader is IXmlLineInfo info && info.HasLineInfo() && info.LineNumber > 0 ? info.LineNumber : null;

    public static MalformedReportException Malformed(XmlReader reader, string source, string problem) =>
        new(source, LineOf(reader), problem);

    /// <summary>An XmlException's message without its own "Line 3, position 7." tail: the location is in ours.</summary>
    public static MalformedReportException Malformed(XmlException exception, XmlReader reader, string source) =>
        new(source, exception.LineNumber > 0 ? exception.LineNumber : LineOf(reader), PositionSuffix().Replace(exception.Message, string.Empty).Trim(), exception);

    /// <summary>
    /// The text of the current element (text and CDATA, however split), leaving the reader after its end tag.
    /// Child elements are skipped rather than rejected: some writers nest markup inside output.
    /// </summary>
    public static async Task<string> ReadTextAsync(XmlReader reader, CancellationToken cancellationToken)
    {
        if (reader.IsEmptyElement)
        {
            await reader.ReadAsync();
            return string.Empty;
        }

        var depth = reader.Depth;
        var text = new StringBuilder();
        while (await reader.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
            {
                await reader.ReadAsync();
                break;
            }

            if (reader.Depth == depth + 1 && reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                text.Append(await reader.GetValueAsync());
            }
        }

        return text.ToString();
    }

    /// <summary>Moves to the next child element of the element at <paramref name="depth"/>; false at its end tag.</summary>
    public static async Task<bool> NextChildAsync(XmlReader reader, int depth, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == depth + 1)
            {
                return true;
            }

            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
            {
                await reader.ReadAsync();
                return false;
            }

            if (!await reader.ReadAsync())
            {
                return false;
            }
        }
    }

    /// <summary>Enters an element's content; false (and past it) when the element is empty.</summary>
    public static async Task<bool> EnterAsync(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            await reader.ReadAsync();
            return false;
        }

        await reader.ReadAsync();
        return true;
    }

    public static TimeSpan? ParseSeconds(XmlReader reader, string source, string? text, string attribute)
    {
        if (!ReportValues.TryParseSeconds(text, out var duration))
        {
            throw Malformed(reader, source, $"<{reader.LocalName}> has {attribute}=\"{text}\", which is not a number of seconds.");
        }

        return duration;
    }

    public static DateTimeOffset? ParseTimestamp(XmlReader reader, string source, string? text, string attribute)
    {
        if (!ReportValues.TryParseTimestamp(text, out var timestamp))
        {
            throw Malformed(reader, source, $"<{reader.LocalName}> has {attribute}=\"{text}\", which is not an ISO 8601 timestamp.");
        }

        return timestamp;
    }

    public static int? ParseInt(XmlReader reader, string source, string? text, string attribute)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw Malformed(reader, source, $"<{reader.LocalName}> has {attribute}=\"{text}\", which is not a whole number.");
        }

        return value;
    }

    [GeneratedRegex(@"\s*Line \d+, position \d+\.\s*$")]
    private static partial Regex PositionSuffix();
}
