using System.Globalization;

namespace Lightning.Monitoring.Dashboards.Pdf;

/// <summary>Numbers as PDF operands: invariant culture (a comma-decimal culture would corrupt the stream), at most 3 decimals.</summary>
internal static class PdfNumber
{
    public static string Format(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "A PDF number must be finite.");
        var text = Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }
}
