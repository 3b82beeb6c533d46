using System.Text;

namespace Lightning.Monitoring.Dashboards.Pdf;

/// <summary>
/// One page's content stream. Coordinates are in points from the page's top-left corner (y grows downwards, as on
/// screen); they are flipped to PDF's bottom-left origin when written. Each drawing saves and restores the graphics
/// state (<c>q</c> ... <c>Q</c>), so colours, widths and dashes never leak from one call to the next.
/// </summary>
public sealed class PdfPage
{
    // The content as Latin-1 characters, one per byte (WinAnsi text bytes included as they are).
    readonly StringBuilder _content = new();
    readonly HashSet<int> _opacities = [];

    internal PdfPage(double width, double height)
    {
        Width = width;
        Height = height;
    }

    public double Width { get; }

    public double Height { get; }

    /// <summary>Fill opacities in thousandths that this page uses (each becomes an <c>ExtGState</c> resource).</summary>
    internal IReadOnlyCollection<int> Opacities => _opacities;

    internal byte[] Content => Encoding.Latin1.GetBytes(_content.ToString());

    public void Line(PdfPen pen, double x1, double y1, double x2, double y2) => Polyline(pen, [(x1, y1), (x2, y2)]);

    public void Polyline(PdfPen pen, IReadOnlyList<(double X, double Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 2) throw new ArgumentException("A line needs two points or more.", nameof(points));
        Begin().Stroke(pen).Append("1 j 1 J\n");
        Append(N(points[0].X)).Append(" ").Append(N(Height - points[0].Y)).Append(" m\n");
        for (var i = 1; i < points.Count; i++) Append(N(points[i].X)).Append(" ").Append(N(Height - points[i].Y)).Append(" l\n");
        Append("S\nQ\n");
    }

    public void StrokeRectangle(PdfPen pen, double x, double y, double width, double height)
    {
        Begin().Stroke(pen);
        Rectangle(x, y, width, height).Append("S\nQ\n");
    }

    /// <summary>A filled rectangle; <paramref name="opacity"/> below 1 lets what is drawn underneath show through.</summary>
    public void FillRectangle(PdfColor color, double x, double y, double width, double height, double opacity = 1)
    {
        Begin().Fill(color).Opacity(opacity);
        Rectangle(x, y, width, height).Append("f\nQ\n");
    }

    /// <summary>A filled circle, four Bézier arcs.</summary>
    public void FillCircle(PdfColor color, double centerX, double centerY, double radius)
    {
        const double Kappa = 0.5523; // control-point distance for a quarter circle
        var (cx, cy, r, k) = (centerX, Height - centerY, radius, radius * Kappa);
        Begin().Fill(color);
        Append($"{N(cx + r)} {N(cy)} m\n");
        Append($"{N(cx + r)} {N(cy + k)} {N(cx + k)} {N(cy + r)} {N(cx)} {N(cy + r)} c\n");
        Append($"{N(cx - k)} {N(cy + r)} {N(cx - r)} {N(cy + k)} {N(cx - r)} {N(cy)} c\n");
        Append($"{N(cx - r)} {N(cy - k)} {N(cx - k)} {N(cy - r)} {N(cx)} {N(cy - r)} c\n");
        Append($"{N(cx + k)} {N(cy - r)} {N(cx + r)} {N(cy - k)} {N(cx + r)} {N(cy)} c\n");
        Append("f\nQ\n");
    }

    /// <summary>
    /// Text on a baseline at <paramref name="baseline"/>; <paramref name="x"/> is its left end, centre or right end
    /// per <paramref name="align"/> (measured with <see cref="HelveticaMetrics"/>).
    /// </summary>
    public void Text(string text, PdfFont font, double size, PdfColor color, double x, double baseline, PdfTextAlign align = PdfTextAlign.Left)
    {
        ArgumentNullException.ThrowIfNull(text);
        var width = align == PdfTextAlign.Left ? 0 : HelveticaMetrics.Width(text, font, size);
        var left = align switch { PdfTextAlign.Center => x - (width / 2), PdfTextAlign.Right => x - width, _ => x };
        Begin().Fill(color);
        Append("BT\n/").Append(font == PdfFont.HelveticaBold ? "F2" : "F1").Append(" ").Append(N(size)).Append(" Tf\n");
        Append(N(left)).Append(" ").Append(N(Height - baseline)).Append(" Td\n(");
        foreach (var code in WinAnsi.Encode(text))
        {
            if (code is (byte)'(' or (byte)')' or (byte)'\\') _content.Append('\\');
            _content.Append((char)code);
        }

        Append(") Tj\nET\nQ\n");
    }

    PdfPage Begin() => Append("q\n");

    PdfPage Stroke(PdfPen pen)
    {
        Append($"{Rgb(pen.Color)} RG\n{N(pen.Width)} w\n[");
        if (pen.Dash is { } dash) Append(string.Join(' ', dash.Select(N)));
        return Append("] 0 d\n");
    }

    PdfPage Fill(PdfColor color) => Append($"{Rgb(color)} rg\n");

    PdfPage Opacity(double opacity)
    {
        var thousandths = (int)Math.Round(Math.Clamp(opacity, 0, 1) * 1000);
        if (thousandths == 1000) return this;
        _opacities.Add(thousandths);
        return Append($"/{OpacityName(thousandths)} gs\n");
    }

    PdfPage Rectangle(double x, double y, double width, double height) =>
        Append($"{N(x)} {N(Height - y - height)} {N(width)} {N(height)} re\n");

    PdfPage Append(string text)
    {
        _content.Append(text);
        return this;
    }

    internal static string OpacityName(int thousandths) => $"GA{thousandths}";

    static string Rgb(PdfColor color) => $"{N(color.R / 255d)} {N(color.G / 255d)} {N(color.B / 255d)}";

    static string N(double value) => PdfNumber.Format(value);
}
