using System.Runtime.InteropServices;

namespace Lightning.Monitoring.Dashboards.Pdf;

/// <summary>An RGB colour, 0..255 per channel (written as the 0..1 operands of <c>RG</c>/<c>rg</c>).</summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct PdfColor(byte R, byte G, byte B)
{
    public static PdfColor Black => new(0, 0, 0);
    public static PdfColor White => new(255, 255, 255);
    public static PdfColor DimGray => new(105, 105, 105);
    public static PdfColor Gray => new(128, 128, 128);
    public static PdfColor LightGray => new(211, 211, 211);
    public static PdfColor Gainsboro => new(220, 220, 220);
    public static PdfColor Firebrick => new(178, 34, 34);
    public static PdfColor DarkGoldenrod => new(184, 134, 11);
}

/// <summary>How a line is stroked: colour, width in points and an optional dash pattern (on, off, ... lengths).</summary>
public readonly record struct PdfPen(PdfColor Color, double Width = 1, IReadOnlyList<double>? Dash = null);

/// <summary>The two base-14 fonts the reports use; every PDF reader has them, so nothing is embedded.</summary>
public enum PdfFont
{
    Helvetica,
    HelveticaBold,
}

/// <summary>Where a text's anchor point sits on its baseline.</summary>
public enum PdfTextAlign
{
    Left,
    Center,
    Right,
}
