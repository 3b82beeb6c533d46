using System.Globalization;
using System.Text;

namespace Lightning.Testing.Coverage.Reports;

/// <summary>
/// Writes a report as LCOV tracefile records (<c>SF</c>, <c>FN</c>/<c>FNDA</c>/<c>FNF</c>/<c>FNH</c>, <c>BRDA</c>,
/// <c>BRF</c>/<c>BRH</c>, <c>DA</c>, <c>LF</c>/<c>LH</c>, <c>end_of_record</c>), what genhtml, Codecov and IDE gutters read.
/// Branches known only as counts are written as that many branches, the covered ones first.
/// </summary>
public static class CoverageLcovWriter
{
    public static async Task WriteAsync(CoverageReport report, Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        foreach (var file in report.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var text = new StringBuilder();
            text.Append("SF:").Append(file.Path).Append('\n');
            foreach (var function in file.Functions)
            {
                text.Append(CultureInfo.InvariantCulture, $"FN:{function.Line},{function.Name}\n");
            }

            foreach (var function in file.Functions)
            {
                text.Append(CultureInfo.InvariantCulture, $"FNDA:{function.Hits},{function.Name}\n");
            }

            var totals = file.Totals;
            text.Append(CultureInfo.InvariantCulture, $"FNF:{totals.FunctionsTotal}\nFNH:{totals.FunctionsCovered}\n");
            foreach (var line in file.Lines.Where(line => line.BranchesTotal > 0))
            {
                for (var branch = 0; branch < line.BranchesTotal; branch++)
                {
                    // Branches of a line that never ran are "-" (not taken, never evaluated), as LCOV writes them.
                    var hits = line.BranchHits is { } counts ? counts[branch].ToString(CultureInfo.InvariantCulture)
                        : branch < line.BranchesCovered ? "1" : line.Hits == 0 ? "-" : "0";
                    text.Append(CultureInfo.InvariantCulture, $"BRDA:{line.Number},0,{branch},{hits}\n");
                }
            }

            text.Append(CultureInfo.InvariantCulture, $"BRF:{totals.BranchesTotal}\nBRH:{totals.BranchesCovered}\n");
            foreach (var line in file.Lines)
            {
                text.Append(CultureInfo.InvariantCulture, $"DA:{line.Number},{line.Hits}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"LF:{totals.LinesTotal}\nLH:{totals.LinesCovered}\nend_of_record\n");
            await writer.WriteAsync(text, cancellationToken);
        }
    }
}
