using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Lightning.Server.Tests.Endpoints.Monitoring;

/// <summary>
/// Reads back the text of a report written by <c>Lightning.Monitoring.Dashboards.Pdf.PdfDocument</c>, page by page,
/// with no PDF library: objects are found through the cross-reference table (so a wrong offset fails the read), the
/// page tree's <c>/Kids</c> give the page order, each page's content stream is inflated and its <c>(...) Tj</c>
/// strings are collected, one line each, decoded from WinAnsi (Windows-1252).
/// </summary>
internal static partial class PdfText
{
    public static IReadOnlyList<string> Pages(byte[] pdf)
    {
        var file = Encoding.Latin1.GetString(pdf);
        var offsets = CrossReference(file);
        var catalog = Object(file, offsets, 1);
        var pagesNumber = int.Parse(Reference(catalog, "Pages"), CultureInfo.InvariantCulture);
        var kids = KidsPattern().Match(Object(file, offsets, pagesNumber)).Groups["kids"].Value;
        var pages = new List<string>();
        foreach (Match kid in ReferencePattern().Matches(kids))
        {
            var page = Object(file, offsets, int.Parse(kid.Groups["number"].Value, CultureInfo.InvariantCulture));
            var content = Stream(pdf, file, offsets, int.Parse(Reference(page, "Contents"), CultureInfo.InvariantCulture));
            var text = new StringBuilder();
            foreach (Match shown in ShowText().Matches(content)) text.Append(WinAnsi(Unescape(shown.Groups["lit"].Value))).Append('\n');
            pages.Add(text.ToString());
        }

        return pages;
    }

    /// <summary>Object number → byte offset, from the table <c>startxref</c> points at.</summary>
    public static Dictionary<int, int> CrossReference(string file)
    {
        var start = int.Parse(StartXref().Match(file).Groups["offset"].Value, CultureInfo.InvariantCulture);
        var header = XrefHeader().Match(file, start);
        if (!header.Success || header.Index != start) throw new InvalidDataException("startxref does not point at an xref table.");
        var count = int.Parse(header.Groups["count"].Value, CultureInfo.InvariantCulture);
        var entries = new Dictionary<int, int>();
        var row = header.Index + header.Length;
        for (var number = 0; number < count; number++, row += 20)
        {
            var entry = file.Substring(row, 20);
            if (entry[17] == 'n') entries[number] = int.Parse(entry.AsSpan(0, 10), CultureInfo.InvariantCulture);
        }

        return entries;
    }

    static string Object(string file, Dictionary<int, int> offsets, int number)
    {
        var at = offsets[number];
        var opening = $"{number} 0 obj\n";
        if (string.CompareOrdinal(file, at, opening, 0, opening.Length) != 0) throw new InvalidDataException($"xref offset {at} of object {number} does not point at '{number} 0 obj'.");
        var end = file.IndexOf("endobj", at, StringComparison.Ordinal);
        return file[(at + opening.Length)..end];
    }

    static string Stream(byte[] pdf, string file, Dictionary<int, int> offsets, int number)
    {
        var body = Object(file, offsets, number);
        var length = int.Parse(LengthPattern().Match(body).Groups["length"].Value, CultureInfo.InvariantCulture);
        var start = offsets[number] + file.AsSpan(offsets[number]).IndexOf("stream\n", StringComparison.Ordinal) + "stream\n".Length;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(pdf, start, length), CompressionMode.Decompress)) zlib.CopyTo(inflated);
        return Encoding.Latin1.GetString(inflated.ToArray());
    }

    static string Reference(string dictionary, string key) =>
        Regex.Match(dictionary, $@"/{key}\s+(?<number>\d+)\s+0\s+R", RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1)).Groups["number"].Value;

    static string Unescape(string literal)
    {
        var text = new StringBuilder(literal.Length);
        for (var i = 0; i < literal.Length; i++)
        {
            if (literal[i] == '\\' && i + 1 < literal.Length) i++;
            text.Append(literal[i]);
        }

        return text.ToString();
    }

    // Windows-1252 differs from Latin-1 only in 0x80-0x9F.
    static readonly Dictionary<char, char> Cp1252 = new()
    {
        ['\u0080'] = '€', ['\u0085'] = '…', ['\u0091'] = '‘', ['\u0092'] = '’', ['\u0093'] = '“', ['\u0094'] = '”',
        ['\u0095'] = '•', ['\u0096'] = '–', ['\u0097'] = '—', ['\u0099'] = '™',
    };

    static string WinAnsi(string bytes) => string.Concat(bytes.Select(c => Cp1252.TryGetValue(c, out var mapped) ? mapped : c));

    [GeneratedRegex(@"startxref\n(?<offset>\d+)\n%%EOF\n?$", RegexOptions.ExplicitCapture)]
    private static partial Regex StartXref();

    [GeneratedRegex(@"xref\n0 (?<count>\d+)\n", RegexOptions.ExplicitCapture)]
    private static partial Regex XrefHeader();

    [GeneratedRegex(@"/Kids\s*\[(?<kids>[^\]]*)\]", RegexOptions.ExplicitCapture)]
    private static partial Regex KidsPattern();

    [GeneratedRegex(@"(?<number>\d+)\s+0\s+R", RegexOptions.ExplicitCapture)]
    private static partial Regex ReferencePattern();

    [GeneratedRegex(@"/Length\s+(?<length>\d+)", RegexOptions.ExplicitCapture)]
    private static partial Regex LengthPattern();

    [GeneratedRegex(@"\((?<lit>(?:\\.|[^\\)])*)\)\s*Tj", RegexOptions.ExplicitCapture | RegexOptions.Singleline)]
    private static partial Regex ShowText();
}
