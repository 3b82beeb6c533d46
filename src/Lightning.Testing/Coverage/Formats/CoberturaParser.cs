using System.Text.RegularExpressions;
using System.Xml;
using Lightning.Testing.Results;

namespace Lightning.Testing.Coverage.Formats;

/// <summary>
/// Reads Cobertura XML as coverage.py, istanbul, coverlet and PHPUnit write it, streaming: <c>sources</c> become the
/// report's source roots, each <c>class</c> adds its <c>lines</c> (or, when a writer lists lines only under methods,
/// those) to its <c>filename</c>, <c>condition-coverage="50% (1/2)"</c> gives a line's branches, and each
/// <c>method</c> becomes a function at its first line, with the method's <c>hits</c> (istanbul) or its first line's.
/// A file split over several classes (nested and generated classes) is one file; a line listed twice keeps its
/// larger count, since both describe the same run.
/// </summary>
public sealed partial class CoberturaParser : ICoverageParser
{
    public CoverageFormat Format => CoverageFormat.Cobertura;

    public Task<CoverageReport> ParseAsync(Stream stream, string source, CancellationToken cancellationToken) =>
        CoverageXml.ParseAsync(stream, source, reader => ReadAsync(reader, source, cancellationToken));

    static async Task<CoverageReport> ReadAsync(XmlReader reader, string source, CancellationToken cancellationToken)
    {
        await CoverageXml.ExpectRootAsync(reader, source, "coverage", "Cobertura");
        var roots = new List<string>();
        var files = new List<FileCoverage>();
        ClassReading? current = null;
        MethodReading? method = null;
        while (!reader.EOF)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.Element)
            {
                switch (reader.LocalName)
                {
                    case "source":
                        var root = (await XmlReports.ReadTextAsync(reader, cancellationToken)).Trim();
                        if (root.Length > 0)
                        {
                            roots.Add(root.Replace('\\', '/'));
                        }

                        continue;
                    case "class":
                        current = new ClassReading(CoverageXml.Required(reader, source, "filename").Replace('\\', '/'));
                        if (reader.IsEmptyElement)
                        {
                            files.Add(current.Finish());
                            current = null;
                        }

                        break;
                    case "method" when current is not null:
                        method = new MethodReading(
                            reader.GetAttribute("name") is { Length: > 0 } name ? name : "(anonymous)",
                            CoverageXml.OptionalLong(reader, source, "hits"));
                        if (reader.IsEmptyElement)
                        {
                            current.Methods.Add(method);
                            method = null;
                        }

                        break;
                    case "line" when current is not null:
                        var line = ReadLine(reader, source);
                        (method?.Lines ?? current.Lines).Add(line);
                        break;
                }
            }
            else if (reader.NodeType == XmlNodeType.EndElement)
            {
                switch (reader.LocalName)
                {
                    case "method" when current is not null && method is not null:
                        current.Methods.Add(method);
                        method = null;
                        break;
                    case "class" when current is not null:
                        files.Add(current.Finish());
                        current = null;
                        break;
                }
            }

            await reader.ReadAsync();
        }

        return CoverageReport.Build(files, CoverageCombine.Max, [new CoverageOrigin(CoverageFormat.Cobertura, source, null)], roots);
    }

    static LineCoverage ReadLine(XmlReader reader, string source)
    {
        var number = CoverageXml.LineNumber(reader, source, "number");
        var hits = CoverageXml.RequiredLong(reader, source, "hits");
        var isBranch = string.Equals(reader.GetAttribute("branch"), "true", StringComparison.OrdinalIgnoreCase);
        if (!isBranch || reader.GetAttribute("condition-coverage") is not { Length: > 0 } conditions)
        {
            return new LineCoverage(number, hits);
        }

        var match = ConditionCoverage().Match(conditions);
        if (!match.Success)
        {
            throw XmlReports.Malformed(reader, source, $"<line> has condition-coverage=\"{conditions}\", which is not \"<percent>% (<covered>/<total>)\".");
        }

        var covered = int.Parse(match.Groups["covered"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var total = int.Parse(match.Groups["total"].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (covered > total)
        {
            throw XmlReports.Malformed(reader, source, $"<line> has condition-coverage=\"{conditions}\": more branches covered than there are.");
        }

        return new LineCoverage(number, hits) { BranchesCovered = covered, BranchesTotal = total };
    }

    sealed class ClassReading(string path)
    {
        public List<LineCoverage> Lines { get; } = [];

        public List<MethodReading> Methods { get; } = [];

        public FileCoverage Finish()
        {
            // Lines listed only under methods (some writers do) stand for the class's lines.
            var lines = Lines.Count > 0 ? Lines : Methods.SelectMany(method => method.Lines);
            var functions = Methods.Where(method => method.Lines.Count > 0).Select(method => method.ToFunction());
            return FileCoverage.Build(path, lines, functions, CoverageCombine.Max);
        }
    }

    sealed class MethodReading(string name, long? hits)
    {
        public List<LineCoverage> Lines { get; } = [];

        public FunctionCoverage ToFunction()
        {
            var first = Lines.MinBy(line => line.Number)!;
            var last = Lines.Max(line => line.Number);
            // istanbul's method hits are its call count; otherwise the first line's hits are (the entry of the method).
            var calls = hits ?? (first.Hits > 0 ? first.Hits : Lines.Max(line => line.Hits));
            return new FunctionCoverage(name, first.Number, calls) { EndLine = last > first.Number ? last : null };
        }
    }

    [GeneratedRegex(@"\(\s*(?<covered>\d+)\s*/\s*(?<total>\d+)\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex ConditionCoverage();
}
