using System.Xml;

namespace Lightning.Testing.Coverage.Formats;

/// <summary>
/// Reads Clover XML as PHPUnit (<c>--coverage-clover</c>) and istanbul write it, streaming. Each <c>file</c> (its
/// <c>path</c>, else its <c>name</c>) holds <c>line</c>s by type: <c>stmt</c> is a line with its count, <c>method</c>
/// a function (PHPUnit puts it on the declaration, which is not itself a statement), <c>cond</c> a line with branches.
/// Clover's <c>truecount</c>/<c>falsecount</c> count how often a condition was true and false (two branches); istanbul
/// writes covered and missed branches there instead, and is told by the marks it leaves (<c>clover="3.2.0"</c> on the
/// root, a project named "All files").
/// </summary>
public sealed class CloverParser : ICoverageParser
{
    public CoverageFormat Format => CoverageFormat.Clover;

    public Task<CoverageReport> ParseAsync(Stream stream, string source, CancellationToken cancellationToken) =>
        CoverageXml.ParseAsync(stream, source, reader => ReadAsync(reader, source, cancellationToken));

    static async Task<CoverageReport> ReadAsync(XmlReader reader, string source, CancellationToken cancellationToken)
    {
        await CoverageXml.ExpectRootAsync(reader, source, "coverage", "Clover");
        var cloverVersion = reader.GetAttribute("clover");
        var istanbul = false;
        var files = new List<FileCoverage>();
        string? path = null;
        List<LineCoverage> lines = [];
        List<FunctionCoverage> functions = [];
        while (!reader.EOF)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.Element)
            {
                switch (reader.LocalName)
                {
                    case "project":
                        istanbul = cloverVersion == "3.2.0" && reader.GetAttribute("name") == "All files";
                        break;
                    case "file":
                        path = (reader.GetAttribute("path") is { Length: > 0 } full ? full : CoverageXml.Required(reader, source, "name")).Replace('\\', '/');
                        lines = [];
                        functions = [];
                        if (reader.IsEmptyElement)
                        {
                            files.Add(FileCoverage.Build(path, lines, functions, CoverageCombine.Max));
                            path = null;
                        }

                        break;
                    case "line" when path is not null:
                        ReadLine(reader, source, istanbul, lines, functions);
                        break;
                }
            }
            else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "file" && path is not null)
            {
                files.Add(FileCoverage.Build(path, lines, functions, CoverageCombine.Max));
                path = null;
            }

            await reader.ReadAsync();
        }

        var tool = istanbul ? "istanbul" : cloverVersion is { Length: > 0 } ? $"clover {cloverVersion}" : null;
        return CoverageReport.Build(files, CoverageCombine.Max, [new CoverageOrigin(CoverageFormat.Clover, source, tool)]);
    }

    static void ReadLine(XmlReader reader, string source, bool istanbul, List<LineCoverage> lines, List<FunctionCoverage> functions)
    {
        var number = CoverageXml.LineNumber(reader, source, "num");
        var type = reader.GetAttribute("type");
        switch (type)
        {
            case "method":
                var name = reader.GetAttribute("name") is { Length: > 0 } method ? method
                    : reader.GetAttribute("signature") is { Length: > 0 } signature ? signature
                    : $"(method at line {number})";
                functions.Add(new FunctionCoverage(name, number, CoverageXml.RequiredLong(reader, source, "count")));
                break;
            case "stmt":
                lines.Add(new LineCoverage(number, CoverageXml.RequiredLong(reader, source, "count")));
                break;
            case "cond":
                var trueCount = CoverageXml.RequiredLong(reader, source, "truecount");
                var falseCount = CoverageXml.RequiredLong(reader, source, "falsecount");
                var count = CoverageXml.OptionalLong(reader, source, "count") ?? (trueCount + falseCount);
                if (istanbul)
                {
                    // istanbul: truecount = branches covered, falsecount = branches missed.
                    lines.Add(new LineCoverage(number, count) { BranchesCovered = (int)trueCount, BranchesTotal = (int)(trueCount + falseCount) });
                }
                else
                {
                    lines.Add(LineCoverage.WithBranches(number, count, [trueCount, falseCount]));
                }

                break;
            default:
                throw Results.XmlReports.Malformed(reader, source, $"<line> has type=\"{type}\"; Clover lines are stmt, cond or method.");
        }
    }
}
