using System.Globalization;
using System.Xml;

namespace Lightning.Testing.Coverage.Reports;

/// <summary>
/// Writes a report as Cobertura XML (coverage 04 DTD's shape, without the DOCTYPE): one package per directory, one
/// class per file with its methods and lines, <c>condition-coverage="50% (1/2)"</c> on lines with branches. What
/// Jenkins, GitLab and Azure DevOps read. Paths are relative to the repository, the one <c>source</c> being <c>.</c>.
/// </summary>
public static class CoverageCoberturaWriter
{
    public static async Task WriteAsync(CoverageReport report, Stream stream, DateTimeOffset timestamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        var settings = new XmlWriterSettings { Async = true, Indent = true, Encoding = new System.Text.UTF8Encoding(false) };
        await using var xml = XmlWriter.Create(stream, settings);
        var totals = report.Totals;
        await xml.WriteStartDocumentAsync();
        xml.WriteStartElement("coverage");
        xml.WriteAttributeString("line-rate", Rate(totals.LinesCovered, totals.LinesTotal));
        xml.WriteAttributeString("branch-rate", Rate(totals.BranchesCovered, totals.BranchesTotal));
        xml.WriteAttributeString("lines-covered", Number(totals.LinesCovered));
        xml.WriteAttributeString("lines-valid", Number(totals.LinesTotal));
        xml.WriteAttributeString("branches-covered", Number(totals.BranchesCovered));
        xml.WriteAttributeString("branches-valid", Number(totals.BranchesTotal));
        xml.WriteAttributeString("complexity", "0");
        xml.WriteAttributeString("version", "lightning");
        xml.WriteAttributeString("timestamp", timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        xml.WriteStartElement("sources");
        xml.WriteElementString("source", ".");
        xml.WriteEndElement();
        xml.WriteStartElement("packages");
        foreach (var package in report.Files.GroupBy(file => Directory(file.Path)).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sum = CoverageTotals.Sum(package.Select(file => file.Totals));
            xml.WriteStartElement("package");
            xml.WriteAttributeString("name", package.Key.Length == 0 ? "." : package.Key.Replace('/', '.'));
            xml.WriteAttributeString("line-rate", Rate(sum.LinesCovered, sum.LinesTotal));
            xml.WriteAttributeString("branch-rate", Rate(sum.BranchesCovered, sum.BranchesTotal));
            xml.WriteAttributeString("complexity", "0");
            xml.WriteStartElement("classes");
            foreach (var file in package)
            {
                WriteClass(xml, file);
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
    }

    static void WriteClass(XmlWriter xml, FileCoverage file)
    {
        var totals = file.Totals;
        xml.WriteStartElement("class");
        xml.WriteAttributeString("name", Path.GetFileNameWithoutExtension(file.Path));
        xml.WriteAttributeString("filename", file.Path);
        xml.WriteAttributeString("line-rate", Rate(totals.LinesCovered, totals.LinesTotal));
        xml.WriteAttributeString("branch-rate", Rate(totals.BranchesCovered, totals.BranchesTotal));
        xml.WriteAttributeString("complexity", "0");
        xml.WriteStartElement("methods");
        foreach (var function in file.Functions)
        {
            xml.WriteStartElement("method");
            xml.WriteAttributeString("name", function.Name);
            xml.WriteAttributeString("signature", string.Empty);
            xml.WriteAttributeString("line-rate", function.Covered ? "1" : "0");
            xml.WriteAttributeString("branch-rate", "0");
            xml.WriteAttributeString("complexity", "0");
            xml.WriteStartElement("lines");
            WriteLine(xml, new LineCoverage(function.Line, function.Hits));
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteStartElement("lines");
        foreach (var line in file.Lines)
        {
            WriteLine(xml, line);
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    static void WriteLine(XmlWriter xml, LineCoverage line)
    {
        xml.WriteStartElement("line");
        xml.WriteAttributeString("number", Number(line.Number));
        xml.WriteAttributeString("hits", line.Hits.ToString(CultureInfo.InvariantCulture));
        if (line.BranchesTotal > 0)
        {
            xml.WriteAttributeString("branch", "true");
            var percent = (int)Math.Round(line.BranchesCovered * 100.0 / line.BranchesTotal);
            xml.WriteAttributeString("condition-coverage", string.Create(CultureInfo.InvariantCulture, $"{percent}% ({line.BranchesCovered}/{line.BranchesTotal})"));
        }
        else
        {
            xml.WriteAttributeString("branch", "false");
        }

        xml.WriteEndElement();
    }

    static string Directory(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    static string Rate(int covered, int total) => total == 0 ? "1" : (covered / (double)total).ToString("0.####", CultureInfo.InvariantCulture);

    static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
