using System.Text.Json;

namespace Lightning.Testing.Coverage.Formats;

/// <summary>
/// Reads coverage.py's JSON report (<c>coverage json</c>, format 2 and later). Per file: <c>executed_lines</c> (hits 1:
/// coverage.py records whether a line ran, not how often) less <c>excluded_lines</c>, and <c>missing_lines</c> (hits 0).
/// coverage.py's executed lines may also hold lines that are not statements (a docstring's first line): the JSON does
/// not say which, so they count as covered lines here, as in coverage.py's own LCOV report (its XML report and its
/// summary count statements only). Branches are arcs, <c>executed_branches</c> and <c>missing_branches</c> as <c>[from, to]</c>: each line's
/// branches are the arcs leaving it, ordered by destination, so that two runs of the same code line up when merged.
/// <c>contexts</c> (written with <c>--show-contexts</c>) name the tests that ran each line; the empty context (code run
/// outside any test) is left out. coverage.py 7.5 and later also list <c>functions</c>, which become functions from
/// their first to their last line (the module's own entry, named "", is not a function).
/// </summary>
public sealed class CoveragePyJsonParser : ICoverageParser
{
    public CoverageFormat Format => CoverageFormat.CoveragePyJson;

    public Task<CoverageReport> ParseAsync(Stream stream, string source, CancellationToken cancellationToken) =>
        JsonReportText.ParseAsync(stream, source, Read, cancellationToken);

    static CoverageReport Read(JsonReportText text)
    {
        var reader = text.Reader();
        text.Expect(ref reader, JsonTokenType.StartObject, "A coverage.py JSON report");
        string? version = null;
        var files = new List<FileCoverage>();
        var sawFiles = false;
        while (true)
        {
            text.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            switch (reader.GetString())
            {
                case "meta":
                    version = ReadVersion(text, ref reader);
                    break;
                case "files":
                    sawFiles = true;
                    text.Expect(ref reader, JsonTokenType.StartObject, "\"files\"");
                    while (true)
                    {
                        text.Next(ref reader);
                        if (reader.TokenType == JsonTokenType.EndObject)
                        {
                            break;
                        }

                        var path = reader.GetString()!;
                        files.Add(ReadFile(text, ref reader, path));
                    }

                    break;
                default:
                    text.SkipValue(ref reader);
                    break;
            }
        }

        if (!sawFiles)
        {
            throw text.Malformed(reader, "The report has no \"files\": not a coverage.py JSON report.");
        }

        var tool = version is null ? "coverage.py" : $"coverage.py {version}";
        return CoverageReport.Build(files, CoverageCombine.Max, [new CoverageOrigin(CoverageFormat.CoveragePyJson, text.Source, tool)]);
    }

    static string? ReadVersion(JsonReportText text, ref Utf8JsonReader reader)
    {
        text.Expect(ref reader, JsonTokenType.StartObject, "\"meta\"");
        string? version = null;
        while (true)
        {
            text.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return version;
            }

            if (reader.ValueTextEquals("version"u8))
            {
                text.Next(ref reader);
                version = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else
            {
                text.SkipValue(ref reader);
            }
        }
    }

    static FileCoverage ReadFile(JsonReportText text, ref Utf8JsonReader reader, string path)
    {
        var what = $"\"{path}\"";
        text.Expect(ref reader, JsonTokenType.StartObject, what);
        List<int> executed = [], missing = [], excluded = [];
        List<(int From, int To, bool Taken)> arcs = [];
        var contexts = new Dictionary<int, List<string>>();
        var functions = new List<FunctionCoverage>();
        while (true)
        {
            text.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            switch (reader.GetString())
            {
                case "executed_lines":
                    executed = text.ReadLineNumbers(ref reader, $"{what}.executed_lines");
                    break;
                case "missing_lines":
                    missing = text.ReadLineNumbers(ref reader, $"{what}.missing_lines");
                    break;
                case "excluded_lines":
                    excluded = text.ReadLineNumbers(ref reader, $"{what}.excluded_lines");
                    break;
                case "executed_branches":
                    ReadArcs(text, ref reader, $"{what}.executed_branches", taken: true, arcs);
                    break;
                case "missing_branches":
                    ReadArcs(text, ref reader, $"{what}.missing_branches", taken: false, arcs);
                    break;
                case "contexts":
                    ReadContexts(text, ref reader, $"{what}.contexts", contexts);
                    break;
                case "functions":
                    ReadFunctions(text, ref reader, $"{what}.functions", functions);
                    break;
                default:
                    text.SkipValue(ref reader);
                    break;
            }
        }

        var branches = arcs.GroupBy(arc => arc.From).ToDictionary(
            group => group.Key,
            group => (IReadOnlyList<long>)[.. group.OrderBy(arc => arc.To).Select(arc => arc.Taken ? 1L : 0L)]);
        // executed_lines is what the tracer saw, excluded lines included (a "pragma: no cover" def runs at import).
        var measured = executed.Except(excluded);
        var lines = measured.Select(number => (Number: number, Hits: 1L)).Concat(missing.Select(number => (Number: number, Hits: 0L))).Select(line =>
        {
            var coverage = branches.TryGetValue(line.Number, out var hits) ? LineCoverage.WithBranches(line.Number, line.Hits, hits) : new LineCoverage(line.Number, line.Hits);
            return contexts.TryGetValue(line.Number, out var names) ? coverage with { Contexts = names } : coverage;
        });
        return FileCoverage.Build(path, lines, functions, CoverageCombine.Max);
    }

    static void ReadArcs(JsonReportText text, ref Utf8JsonReader reader, string what, bool taken, List<(int, int, bool)> arcs)
    {
        text.Expect(ref reader, JsonTokenType.StartArray, what);
        while (true)
        {
            text.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw text.Malformed(reader, $"{what} holds {JsonReportText.Token(reader)}, which is not a [from, to] arc.");
            }

            text.Next(ref reader);
            var from = text.ReadLineNumber(reader, what);
            text.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                throw text.Malformed(reader, $"An arc of {what} has one line; arcs are [from, to].");
            }

            // The destination is negative when the branch leaves the code object (a return): -line of its start.
            var to = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var destination)
                ? destination
                : throw text.Malformed(reader, $"{what} holds {JsonReportText.Token(reader)}, which is not a line number.");
            text.Expect(ref reader, JsonTokenType.EndArray, $"An arc of {what}");
            arcs.Add((from, to, taken));
        }
    }

    static void ReadContexts(JsonReportText text, ref Utf8JsonReader reader, string what, Dictionary<int, List<string>> contexts)
    {
        text.Expect(ref reader, JsonTokenType.StartObject, what);
        while (true)
        {
            text.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return;
            }

            var key = reader.GetString()!;
            var line = JsonReportText.ParseLineKey(key);
            if (line == 0)
            {
                throw text.Malformed(reader, $"{what} has the key \"{key}\", which is not a line number.");
            }

            text.Expect(ref reader, JsonTokenType.StartArray, $"{what}.{key}");
            var names = new List<string>();
            while (true)
            {
                text.Next(ref reader);
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    break;
                }

                if (reader.TokenType != JsonTokenType.String)
                {
                    throw text.Malformed(reader, $"{what}.{key} holds {JsonReportText.Token(reader)}, which is not a context name.");
                }

                if (reader.GetString() is { Length: > 0 } name)
                {
                    names.Add(name);
                }
            }

            names.Sort(StringComparer.Ordinal);
            contexts[line] = names;
        }
    }

    static void ReadFunctions(JsonReportText text, ref Utf8JsonReader reader, string what, List<FunctionCoverage> functions)
    {
        text.Expect(ref reader, JsonTokenType.StartObject, what);
        while (true)
        {
            text.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return;
            }

            var name = reader.GetString()!;
            var region = $"{what}.{(name.Length == 0 ? "\"\"" : name)}";
            text.Expect(ref reader, JsonTokenType.StartObject, region);
            List<int> executed = [], missing = [];
            while (true)
            {
                text.Next(ref reader);
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                switch (reader.GetString())
                {
                    case "executed_lines":
                        executed = text.ReadLineNumbers(ref reader, $"{region}.executed_lines");
                        break;
                    case "missing_lines":
                        missing = text.ReadLineNumbers(ref reader, $"{region}.missing_lines");
                        break;
                    default:
                        text.SkipValue(ref reader);
                        break;
                }
            }

            var lines = executed.Concat(missing).ToList();
            if (name.Length > 0 && lines.Count > 0)
            {
                var first = lines.Min();
                var last = lines.Max();
                functions.Add(new FunctionCoverage(name, first, executed.Count > 0 ? 1 : 0) { EndLine = last > first ? last : null });
            }
        }
    }
}
