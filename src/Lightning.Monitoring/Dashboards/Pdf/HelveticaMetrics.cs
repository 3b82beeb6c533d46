namespace Lightning.Monitoring.Dashboards.Pdf;

/// <summary>
/// Advance widths of Helvetica and Helvetica-Bold from Adobe's standard AFM files (thousandths of the font size), for
/// the WinAnsi codes 32..126 plus the few typographic characters the reports print; other codes use a default width.
/// Enough to right-align and centre labels; no kerning.
/// </summary>
public static class HelveticaMetrics
{
    const int DefaultWidth = 556;

    static readonly short[] Regular =
    [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space ! " # $ % & ' ( ) * + , - . /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0-9 : ; < = > ?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ A-O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P-Z [ \ ] ^ _
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` a-o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p-z { | } ~
    ];

    static readonly short[] Bold =
    [
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
        975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
        333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
        611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
    ];

    // WinAnsi codes above 126 the reports use (the same width in both weights).
    static readonly Dictionary<byte, short> Typographic = new()
    {
        [0x85] = 1000, // ellipsis
        [0x95] = 350, // bullet
        [0x96] = 556, // en dash
        [0x97] = 1000, // em dash
        [0xB0] = 400, // degree
        [0xB7] = 278, // middle dot
    };

    /// <summary>Width in points of <paramref name="text"/> set in <paramref name="font"/> at <paramref name="size"/>.</summary>
    public static double Width(string text, PdfFont font, double size)
    {
        var table = font == PdfFont.HelveticaBold ? Bold : Regular;
        var units = 0;
        foreach (var code in WinAnsi.Encode(text))
        {
            units += code is >= 32 and <= 126 ? table[code - 32] : Typographic.TryGetValue(code, out var width) ? width : DefaultWidth;
        }

        return units * size / 1000;
    }
}
