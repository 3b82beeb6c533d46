using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Lightning.Monitoring.Dashboards.Pdf;

namespace Lightning.Monitoring.Tests.Dashboards.Pdf;

/// <summary>
/// The report's PDF writer, read back byte by byte: the cross-reference table, the page tree, escaping and encoding
/// of text, the Helvetica widths behind aligned text, and numbers that stay invariant in a comma-decimal culture.
/// </summary>
public sealed partial class PdfDocumentTests
{
    [Fact]
    public void Every_xref_offset_points_at_its_object_and_startxref_at_the_table()
    {
        var document = new PdfDocument { Title = "Web tier – Übersicht", Creator = "tests" };
        for (var i = 0; i < 3; i++)
        {
            var page = document.AddPage();
            page.Text($"page {i + 1}", PdfFont.Helvetica, 12, PdfColor.Black, 40, 60);
            page.FillRectangle(new PdfColor(214, 39, 40), 10, 10, 50, 20, opacity: 0.25);
        }

        var bytes = document.ToBytes();
        var file = Encoding.Latin1.GetString(bytes);

        file.ShouldStartWith("%PDF-1.4\n");
        file.ShouldEndWith("%%EOF\n");
        var startxref = int.Parse(Regex.Match(file, @"startxref\n(\d+)\n%%EOF\n$").Groups[1].Value, CultureInfo.InvariantCulture);
        file.Substring(startxref, 5).ShouldBe("xref\n");
        var header = Regex.Match(file[startxref..], @"^xref\n0 (\d+)\n");
        var size = int.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture);
        size.ShouldBe(6 + 1 + (2 * 3)); // 6 fixed objects, the free entry, page + content per page
        file.ShouldContain($"/Size {size} /Root 1 0 R /Info 6 0 R");
        var rows = file.Substring(startxref + header.Length, 20 * size);
        rows[..20].ShouldBe("0000000000 65535 f \n");
        for (var number = 1; number < size; number++)
        {
            var row = rows.Substring(number * 20, 20);
            row.ShouldMatch(@"^\d{10} 00000 n \n$");
            var offset = int.Parse(row.AsSpan(0, 10), CultureInfo.InvariantCulture);
            file.Substring(offset, $"{number} 0 obj\n".Length).ShouldBe($"{number} 0 obj\n", $"object {number}");
        }

        // The information dictionary holds any character, as UTF-16BE.
        file.ShouldContain("/Title <FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes("Web tier – Übersicht")) + ">");
        file.ShouldContain("/ExtGState << /GA250 << /Type /ExtGState /ca 0.25 >> >>");
    }

    [Fact]
    public void The_page_tree_counts_and_lists_every_page_in_order()
    {
        var document = new PdfDocument();
        for (var i = 0; i < 4; i++) document.AddPage().Text($"page {i + 1}", PdfFont.HelveticaBold, 10, PdfColor.Black, 40, 60);

        var file = Encoding.Latin1.GetString(document.ToBytes());

        file.ShouldContain("/Type /Pages /Kids [7 0 R 9 0 R 11 0 R 13 0 R] /Count 4");
        Regex.Count(file, @"/Type /Page(?![s\w])").ShouldBe(4);
        Contents(document.ToBytes()).Select(c => Regex.Match(c, @"\((.*)\) Tj").Groups[1].Value).ShouldBe(["page 1", "page 2", "page 3", "page 4"]);
        Contents(document.ToBytes())[0].ShouldContain("/F2 10 Tf");
        Should.Throw<InvalidOperationException>(() => new PdfDocument().ToBytes());
    }

    [Fact]
    public void Text_escapes_delimiters_and_writes_WinAnsi_bytes_with_a_question_mark_for_the_rest()
    {
        var document = new PdfDocument();
        document.AddPage().Text(@"f(x) = a\b – 5 € é 😀 中", PdfFont.Helvetica, 9, PdfColor.Black, 10, 20);

        var content = Contents(document.ToBytes())[0];

        content.ShouldContain("(f\\(x\\) = a\\\\b \u0096 5 \u0080 \u00e9 ? ?) Tj");
        WinAnsi.Encode("…·–").ShouldBe(new byte[] { 0x85, 0xB7, 0x96 });
        WinAnsi.Encode("\t\u0001").ShouldBe(new byte[] { (byte)'?', (byte)'?' });
    }

    [Fact]
    public void Widths_come_from_the_Helvetica_metrics_and_place_aligned_text()
    {
        // H e l l o: 722 556 222 222 556 in Helvetica, 722 556 278 278 611 in Helvetica-Bold.
        HelveticaMetrics.Width("Hello", PdfFont.Helvetica, 10).ShouldBe(22.78, 1e-9);
        HelveticaMetrics.Width("Hello", PdfFont.HelveticaBold, 10).ShouldBe(24.45, 1e-9);
        HelveticaMetrics.Width("0123456789", PdfFont.Helvetica, 1).ShouldBe(5.56, 1e-9);
        HelveticaMetrics.Width("W~", PdfFont.Helvetica, 1).ShouldBe(0.944 + 0.584, 1e-9);
        HelveticaMetrics.Width("…", PdfFont.Helvetica, 1).ShouldBe(1, 1e-9);
        HelveticaMetrics.Width("中", PdfFont.Helvetica, 1).ShouldBe(HelveticaMetrics.Width("?", PdfFont.Helvetica, 1), 1e-9);

        var document = new PdfDocument();
        var page = document.AddPage();
        page.Text("Hello", PdfFont.Helvetica, 10, PdfColor.Black, 100, 42, PdfTextAlign.Right);
        page.Text("Hello", PdfFont.Helvetica, 10, PdfColor.Black, 100, 42, PdfTextAlign.Center);
        var content = Contents(document.ToBytes())[0];

        // Top-left coordinates flip to PDF's bottom-left origin: baseline 42 on an 842-point page is y 800.
        content.ShouldContain("77.22 800 Td");
        content.ShouldContain("88.61 800 Td");
    }

    [Fact]
    public void Numbers_are_invariant_under_a_comma_decimal_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            // The projects run with invariant globalization (no ICU cultures), so the comma-decimal culture is built by hand.
            var commaDecimal = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            commaDecimal.NumberFormat.NumberDecimalSeparator = ",";
            commaDecimal.NumberFormat.NumberGroupSeparator = ".";
            commaDecimal.NumberFormat.NegativeSign = "\u2212";
            CultureInfo.CurrentCulture = commaDecimal;
            1.5.ToString(CultureInfo.CurrentCulture).ShouldBe("1,5");
            var document = new PdfDocument();
            var page = document.AddPage(595.5, 842.25);
            page.Line(new PdfPen(new PdfColor(255, 127, 14), 1.25, [3, 1.5]), 10.5, 20.25, 1234.5, 20.25);
            page.Polyline(new PdfPen(PdfColor.Black), [(0.125, 0.5), (1.5, 2.5), (3, 4)]);
            page.FillCircle(PdfColor.Gray, 50.5, 60.5, 1);
            var bytes = document.ToBytes();
            var content = Contents(bytes)[0];

            Encoding.Latin1.GetString(bytes).ShouldContain("/MediaBox [0 0 595.5 842.25]");
            content.ShouldContain("1 0.498 0.055 RG");
            content.ShouldContain("1.25 w\n[3 1.5] 0 d");
            content.ShouldContain("10.5 822 m\n1234.5 822 l\nS");
            content.ShouldContain("0.125 841.75 m\n1.5 839.75 l\n3 838.25 l\nS");
            content.ShouldNotMatch(@"\d,\d");
            PdfNumber.Format(-1.5).ShouldBe("-1.5");
            PdfNumber.Format(-0.0001).ShouldBe("0");
            PdfNumber.Format(1e6).ShouldBe("1000000");
            Should.Throw<ArgumentOutOfRangeException>(() => PdfNumber.Format(double.NaN));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Drawing_operators_save_and_restore_their_state()
    {
        var document = new PdfDocument();
        var page = document.AddPage();
        page.StrokeRectangle(new PdfPen(PdfColor.LightGray), 10, 10, 100, 50);
        page.FillRectangle(PdfColor.Firebrick, 10, 10, 100, 50);

        var content = Contents(document.ToBytes())[0];

        content.ShouldBe(
            "q\n0.827 0.827 0.827 RG\n1 w\n[] 0 d\n10 782 100 50 re\nS\nQ\n" +
            "q\n0.698 0.133 0.133 rg\n10 782 100 50 re\nf\nQ\n");
        Should.Throw<ArgumentException>(() => page.Polyline(new PdfPen(PdfColor.Black), [(1, 1)]));
    }

    [Fact]
    public void Bookmarks_form_a_linked_outline_opening_their_pages()
    {
        var document = new PdfDocument();
        var first = document.AddPage();
        var second = document.AddPage();
        var dashboard = document.AddBookmark("Web tier", first);
        dashboard.Add("CPU", first);
        dashboard.Add("Memory", second);
        document.AddBookmark("Alert states", second);

        var bytes = document.ToBytes();
        var file = Encoding.Latin1.GetString(bytes);

        // Pages are 7 and 9 (contents 8 and 10); the outline root is 11, then Web tier 12, CPU 13, Memory 14, Alert states 15.
        file.ShouldContain("<< /Type /Catalog /Pages 2 0 R /Outlines 11 0 R /PageMode /UseOutlines >>");
        file.ShouldContain("11 0 obj\n<< /Type /Outlines /First 12 0 R /Last 15 0 R /Count 4 >>");
        file.ShouldContain($"12 0 obj\n<< /Title {Utf16("Web tier")} /Parent 11 0 R /Next 15 0 R /First 13 0 R /Last 14 0 R /Count 2 /Dest [7 0 R /XYZ null null null] >>");
        file.ShouldContain($"13 0 obj\n<< /Title {Utf16("CPU")} /Parent 12 0 R /Next 14 0 R /Dest [7 0 R /XYZ null null null] >>");
        file.ShouldContain($"14 0 obj\n<< /Title {Utf16("Memory")} /Parent 12 0 R /Prev 13 0 R /Dest [9 0 R /XYZ null null null] >>");
        file.ShouldContain($"15 0 obj\n<< /Title {Utf16("Alert states")} /Parent 11 0 R /Prev 12 0 R /Dest [9 0 R /XYZ null null null] >>");
        file.ShouldContain("/Size 16 ");
        Should.Throw<ArgumentException>(() => document.AddBookmark("elsewhere", new PdfDocument().AddPage()));
    }

    static string Utf16(string text) => $"<FEFF{Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text))}>";

    /// <summary>Each page's content stream, inflated, in page order (content objects follow their page objects).</summary>
    static List<string> Contents(byte[] pdf)
    {
        var file = Encoding.Latin1.GetString(pdf);
        var contents = new List<string>();
        foreach (Match stream in StreamPattern().Matches(file))
        {
            var length = int.Parse(stream.Groups["length"].Value, CultureInfo.InvariantCulture);
            using var inflated = new MemoryStream();
            using (var zlib = new ZLibStream(new MemoryStream(pdf, stream.Index + stream.Length, length), CompressionMode.Decompress)) zlib.CopyTo(inflated);
            file.Substring(stream.Index + stream.Length + length, "\nendstream".Length).ShouldBe("\nendstream");
            contents.Add(Encoding.Latin1.GetString(inflated.ToArray()));
        }

        return contents;
    }

    [GeneratedRegex(@"<< /Length (?<length>\d+) /Filter /FlateDecode >>\nstream\n", RegexOptions.ExplicitCapture)]
    private static partial Regex StreamPattern();
}
