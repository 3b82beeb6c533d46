using System.IO.Compression;
using System.Text;

namespace Lightning.Monitoring.Dashboards.Pdf;

/// <summary>
/// A minimal PDF 1.4 writer: pages of vector drawing and text in the base-14 Helvetica fonts (WinAnsiEncoding, not
/// embedded), content streams compressed with FlateDecode, a document information dictionary, and a classic
/// cross-reference table whose offsets are counted in bytes as the file is written.
/// </summary>
public sealed class PdfDocument
{
    /// <summary>A4 portrait in points.</summary>
    public const double A4Width = 595;

    public const double A4Height = 842;

    readonly List<PdfPage> _pages = [];

    // The outline's invisible root: its children are the top-level bookmarks.
    readonly PdfBookmark _outline = new(string.Empty, null!);

    public string? Title { get; set; }

    public string? Subject { get; set; }

    public string? Creator { get; set; }

    public IReadOnlyList<PdfPage> Pages => _pages;

    public IReadOnlyList<PdfBookmark> Bookmarks => _outline.Children;

    /// <summary>A top-level bookmark opening <paramref name="page"/>; <see cref="PdfBookmark.Add"/> nests under it.</summary>
    public PdfBookmark AddBookmark(string title, PdfPage page)
    {
        if (!_pages.Contains(page)) throw new ArgumentException("The bookmark's page is not in this document.", nameof(page));
        return _outline.Add(title, page);
    }

    public PdfPage AddPage(double width = A4Width, double height = A4Height)
    {
        var page = new PdfPage(width, height);
        _pages.Add(page);
        return page;
    }

    /// <summary>
    /// The file. Objects: 1 catalog, 2 page tree, 3 and 4 the fonts, 5 the shared resources, 6 the information
    /// dictionary, then per page its page object and its content stream, then the outline (its root, then each
    /// bookmark depth first) when there are bookmarks.
    /// </summary>
    public byte[] ToBytes()
    {
        if (_pages.Count == 0) throw new InvalidOperationException("A PDF needs at least one page.");
        var output = new MemoryStream();
        var offsets = new List<long>();
        void Write(string text) => output.Write(Encoding.Latin1.GetBytes(text));
        void Object(string body)
        {
            offsets.Add(output.Position);
            Write($"{offsets.Count} 0 obj\n{body}\nendobj\n");
        }

        // The binary comment tells transfer tools the file is not text.
        Write("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        const int FirstPage = 7;
        var kids = string.Join(' ', Enumerable.Range(0, _pages.Count).Select(i => $"{FirstPage + (2 * i)} 0 R"));
        var bookmarks = _outline.Descendants().ToList();
        var outlineRoot = FirstPage + (2 * _pages.Count);
        Object(bookmarks.Count == 0 ? "<< /Type /Catalog /Pages 2 0 R >>" : $"<< /Type /Catalog /Pages 2 0 R /Outlines {outlineRoot} 0 R /PageMode /UseOutlines >>");
        Object($"<< /Type /Pages /Kids [{kids}] /Count {_pages.Count} >>");
        Object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        Object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
        var opacities = _pages.SelectMany(p => p.Opacities).Distinct().Order()
            .Select(o => $"/{PdfPage.OpacityName(o)} << /Type /ExtGState /ca {PdfNumber.Format(o / 1000d)} >>");
        Object($"<< /Font << /F1 3 0 R /F2 4 0 R >> /ExtGState << {string.Join(' ', opacities)} >> /ProcSet [/PDF /Text] >>");
        Object($"<< /Producer {TextString("Agent Lightning")}{Entry("Title", Title)}{Entry("Subject", Subject)}{Entry("Creator", Creator)} >>");
        foreach (var page in _pages)
        {
            Object($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PdfNumber.Format(page.Width)} {PdfNumber.Format(page.Height)}] /Resources 5 0 R /Contents {offsets.Count + 2} 0 R >>");
            var compressed = Deflate(page.Content);
            offsets.Add(output.Position);
            Write($"{offsets.Count} 0 obj\n<< /Length {compressed.Length} /Filter /FlateDecode >>\nstream\n");
            output.Write(compressed);
            Write("\nendstream\nendobj\n");
        }

        if (bookmarks.Count > 0) WriteOutline(Object, bookmarks, outlineRoot, page => FirstPage + (2 * _pages.IndexOf(page)));

        var xref = output.Position;
        // Each entry is exactly 20 bytes: 10-digit offset, space, 5-digit generation, space, n/f, space, LF.
        var table = new StringBuilder($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) table.Append(offset.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        Write(table.ToString());
        Write($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return output.ToArray();
    }

    /// <summary>The outline's objects: each entry links its parent, siblings and first/last child by object number; all open.</summary>
    void WriteOutline(Action<string> write, List<PdfBookmark> bookmarks, int root, Func<PdfPage, int> pageObject)
    {
        var numbers = new Dictionary<PdfBookmark, int> { [_outline] = root };
        for (var i = 0; i < bookmarks.Count; i++) numbers[bookmarks[i]] = root + 1 + i;
        string Children(PdfBookmark entry) => entry.Children.Count == 0
            ? string.Empty
            : $" /First {numbers[entry.Children[0]]} 0 R /Last {numbers[entry.Children[^1]]} 0 R /Count {entry.Descendants().Count()}";

        write($"<< /Type /Outlines{Children(_outline)} >>");
        // Depth-first order, the numbering order: each entry, then its subtree.
        foreach (var entry in bookmarks)
        {
            var parent = bookmarks.Prepend(_outline).First(p => p.Children.Contains(entry));
            var index = IndexOf(parent.Children, entry);
            var previous = index > 0 ? $" /Prev {numbers[parent.Children[index - 1]]} 0 R" : string.Empty;
            var next = index < parent.Children.Count - 1 ? $" /Next {numbers[parent.Children[index + 1]]} 0 R" : string.Empty;
            write($"<< /Title {TextString(entry.Title)} /Parent {numbers[parent]} 0 R{previous}{next}{Children(entry)} /Dest [{pageObject(entry.Page)} 0 R /XYZ null null null] >>");
        }
    }

    static int IndexOf(IReadOnlyList<PdfBookmark> list, PdfBookmark entry)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (ReferenceEquals(list[i], entry)) return i;
        }

        return -1;
    }

    static byte[] Deflate(byte[] content)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(content);
        return compressed.ToArray();
    }

    static string Entry(string key, string? value) => value is null ? string.Empty : $" /{key} {TextString(value)}";

    /// <summary>A text string for the information dictionary: UTF-16BE with its byte-order mark, in hex (any character, no escaping).</summary>
    static string TextString(string value) => $"<FEFF{Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(value))}>";
}
