using System.Globalization;
using System.Xml;
using Lightning.Testing.Results;

namespace Lightning.Testing.Coverage.Formats;

/// <summary>What the XML coverage parsers share: reader settings, the root check, attributes as numbers, and errors naming file and line.</summary>
internal static class CoverageXml
{
    /// <summary>
    /// As the test report parsers read XML, except that a DOCTYPE is skipped rather than refused: JaCoCo, istanbul and
    /// PHPUnit declare one. Nothing is resolved or expanded, so an entity it declares stays an error.
    /// </summary>
    public static XmlReaderSettings ReaderSettings()
    {
        var settings = XmlReports.ReaderSettings();
        settings.DtdProcessing = DtdProcessing.Ignore;
        settings.IgnoreWhitespace = true;
        return settings;
    }

    /// <summary>Runs <paramref name="read"/> over the stream, turning XML errors into errors that name the file and line.</summary>
    public static async Task<CoverageReport> ParseAsync(Stream stream, string source, Func<XmlReader, Task<CoverageReport>> read)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        using var reader = XmlReader.Create(stream, ReaderSettings());
        try
        {
            return await read(reader);
        }
        catch (XmlException exception)
        {
            throw XmlReports.Malformed(exception, reader, source);
        }
    }

    /// <summary>Moves to the root element and checks its name.</summary>
    public static async Task ExpectRootAsync(XmlReader reader, string source, string name, string format)
    {
        if (await reader.MoveToContentAsync() != XmlNodeType.Element)
        {
            throw new MalformedReportException(source, XmlReports.LineOf(reader), $"The file has no root element; a {format} report starts with <{name}>.");
        }

        if (reader.LocalName != name)
        {
            throw XmlReports.Malformed(reader, source, $"The root element is <{reader.LocalName}>; a {format} report starts with <{name}>.");
        }
    }

    public static string Required(XmlReader reader, string source, string attribute) =>
        reader.GetAttribute(attribute) is { Length: > 0 } value
            ? value
            : throw XmlReports.Malformed(reader, source, $"A <{reader.LocalName}> has no {attribute} attribute.");

    public static int RequiredInt(XmlReader reader, string source, string attribute) =>
        Int(reader, source, Required(reader, source, attribute), attribute);

    public static long RequiredLong(XmlReader reader, string source, string attribute) =>
        Long(reader, source, Required(reader, source, attribute), attribute);

    public static int? OptionalInt(XmlReader reader, string source, string attribute) =>
        reader.GetAttribute(attribute) is { Length: > 0 } value ? Int(reader, source, value, attribute) : null;

    public static long? OptionalLong(XmlReader reader, string source, string attribute) =>
        reader.GetAttribute(attribute) is { Length: > 0 } value ? Long(reader, source, value, attribute) : null;

    static int Int(XmlReader reader, string source, string value, string attribute) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number
            : throw XmlReports.Malformed(reader, source, $"<{reader.LocalName}> has {attribute}=\"{value}\", which is not a whole number of at least 0.");

    static long Long(XmlReader reader, string source, string value, string attribute)
    {
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= 0)
        {
            return number;
        }

        // Some writers print large counts in exponent form (1.0E7); anything else is an error.
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && real >= 0 && real <= long.MaxValue && real == Math.Floor(real))
        {
            return (long)real;
        }

        throw XmlReports.Malformed(reader, source, $"<{reader.LocalName}> has {attribute}=\"{value}\", which is not a count.");
    }

    /// <summary>Line numbers are 1-based: a 0 or a negative number is a broken report, not a line.</summary>
    public static int LineNumber(XmlReader reader, string source, string attribute)
    {
        var number = RequiredInt(reader, source, attribute);
        return number >= 1 ? number : throw XmlReports.Malformed(reader, source, $"<{reader.LocalName}> has {attribute}=\"{number}\"; lines are numbered from 1.");
    }
}
