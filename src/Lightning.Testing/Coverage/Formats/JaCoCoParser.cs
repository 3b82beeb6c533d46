using System.Xml;

namespace Lightning.Testing.Coverage.Formats;

/// <summary>
/// Reads JaCoCo's XML report, streaming. Files are <c>package/sourcefile</c> (<c>com/example/calc/Calc.java</c>),
/// relative to a source root the report does not name: <see cref="CoveragePathMapper"/> finds them in the repository.
/// A line is covered when any of its instructions ran (<c>ci</c> &gt; 0; JaCoCo records whether code ran, not how
/// often, so hits are 1 or 0) and has <c>mb</c> + <c>cb</c> branches of which <c>cb</c> ran. Each <c>method</c>
/// with a line becomes a function named <c>Class.method</c>, covered when its METHOD counter says so. Groups
/// (<c>group</c>, from multi-module reports) are read through.
/// </summary>
public sealed class JaCoCoParser : ICoverageParser
{
    public CoverageFormat Format => CoverageFormat.JaCoCo;

    public Task<CoverageReport> ParseAsync(Stream stream, string source, CancellationToken cancellationToken) =>
        CoverageXml.ParseAsync(stream, source, reader => ReadAsync(reader, source, cancellationToken));

    static async Task<CoverageReport> ReadAsync(XmlReader reader, string source, CancellationToken cancellationToken)
    {
        await CoverageXml.ExpectRootAsync(reader, source, "report", "JaCoCo");
        var lines = new Dictionary<string, List<LineCoverage>>(StringComparer.Ordinal);
        var functions = new Dictionary<string, List<FunctionCoverage>>(StringComparer.Ordinal);
        var package = string.Empty;
        string? classFile = null;
        string? className = null;
        string? sourceFile = null;
        FunctionCoverage? method = null;
        while (!reader.EOF)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.Element)
            {
                switch (reader.LocalName)
                {
                    case "package":
                        package = reader.GetAttribute("name") ?? string.Empty;
                        break;
                    case "class":
                        var name = CoverageXml.Required(reader, source, "name");
                        className = name[(name.LastIndexOf('/') + 1)..];
                        // A class compiled without a source file name cannot be placed; its methods are left out.
                        classFile = reader.GetAttribute("sourcefilename") is { Length: > 0 } file ? PathOf(package, file) : null;
                        break;
                    case "method" when className is not null:
                        var methodName = CoverageXml.Required(reader, source, "name");
                        method = CoverageXml.OptionalInt(reader, source, "line") is { } line and > 0 && classFile is not null
                            ? new FunctionCoverage($"{className}.{methodName}", line, 0)
                            : null;
                        if (reader.IsEmptyElement)
                        {
                            method = null;
                        }

                        break;
                    case "counter" when method is not null && reader.GetAttribute("type") == "METHOD":
                        method = method with { Hits = CoverageXml.RequiredInt(reader, source, "covered") > 0 ? 1 : 0 };
                        break;
                    case "sourcefile":
                        sourceFile = PathOf(package, CoverageXml.Required(reader, source, "name"));
                        break;
                    case "line" when sourceFile is not null:
                        var number = CoverageXml.LineNumber(reader, source, "nr");
                        var coveredInstructions = CoverageXml.RequiredInt(reader, source, "ci");
                        var missedBranches = CoverageXml.OptionalInt(reader, source, "mb") ?? 0;
                        var coveredBranches = CoverageXml.OptionalInt(reader, source, "cb") ?? 0;
                        ListOf(lines, sourceFile).Add(new LineCoverage(number, coveredInstructions > 0 ? 1 : 0)
                        {
                            BranchesCovered = coveredBranches,
                            BranchesTotal = coveredBranches + missedBranches,
                        });
                        break;
                }
            }
            else if (reader.NodeType == XmlNodeType.EndElement)
            {
                switch (reader.LocalName)
                {
                    case "method" when method is not null && classFile is not null:
                        ListOf(functions, classFile).Add(method);
                        method = null;
                        break;
                    case "class":
                        className = null;
                        classFile = null;
                        break;
                    case "sourcefile":
                        sourceFile = null;
                        break;
                    case "package":
                        package = string.Empty;
                        break;
                }
            }

            await reader.ReadAsync();
        }

        var files = lines.Keys.Union(functions.Keys, StringComparer.Ordinal).Select(path => FileCoverage.Build(
            path, lines.GetValueOrDefault(path) ?? [], functions.GetValueOrDefault(path) ?? [], CoverageCombine.Max));
        return CoverageReport.Build(files, CoverageCombine.Max, [new CoverageOrigin(CoverageFormat.JaCoCo, source, "JaCoCo")]);
    }

    static string PathOf(string package, string file) => package.Length == 0 ? file : $"{package}/{file}";

    static List<T> ListOf<T>(Dictionary<string, List<T>> lists, string path) =>
        lists.TryGetValue(path, out var list) ? list : lists[path] = [];
}
