using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lightning.Testing.Coverage.Formats;

/// <summary>
/// Reads SimpleCov's <c>.resultset.json</c>: per command name (<c>RSpec</c>, <c>Minitest</c>, ...) a <c>coverage</c>
/// object of absolute paths, each with <c>lines</c> (one entry per source line: a count, or null for a line that is not
/// code) and, with branch coverage on, <c>branches</c>: conditions such as <c>"[:if, 0, 8, 4, 8, 58]"</c> (type, id,
/// start line, start column, end line, end column) holding their branches and counts. A condition's branches belong to
/// the condition's start line, in id order. SimpleCov before 0.18 wrote a bare array of counts per file; it is read too.
/// Several commands are several runs: their counts add up.
/// </summary>
public sealed partial class SimpleCovParser : ICoverageParser
{
    public CoverageFormat Format => CoverageFormat.SimpleCov;

    public Task<CoverageReport> ParseAsync(Stream stream, string source, CancellationToken cancellationToken) =>
        JsonReportText.ParseAsync(stream, source, Read, cancellationToken);

    static CoverageReport Read(JsonReportText text)
    {
        var reader = text.Reader();
        text.Expect(ref reader, JsonTokenType.StartObject, "A SimpleCov result set");
        var files = new List<FileCoverage>();
        var commands = new List<string>();
        while (true)
        {
            text.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            var command = reader.GetString()!;
            commands.Add(command);
            ReadCommand(text, ref reader, command, files);
        }

        var tool = commands.Count == 0 ? "SimpleCov" : $"SimpleCov ({string.Join(", ", commands)})";
        return CoverageReport.Build(files, CoverageCombine.Sum, [new CoverageOrigin(CoverageFormat.SimpleCov, text.Source, tool)]);
    }

    static void ReadCommand(JsonReportText text, ref Utf8JsonReader reader, string command, List<FileCoverage> files)
    {
        text.Expect(ref reader, JsonTokenType.StartObject, $"\"{command}\"");
        var sawCoverage = false;
        while (true)
        {
            text.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            if (!reader.ValueTextEquals("coverage"u8))
            {
                text.SkipValue(ref reader);
                continue;
            }

            sawCoverage = true;
            text.Expect(ref reader, JsonTokenType.StartObject, $"\"{command}\".coverage");
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
        }

        if (!sawCoverage)
        {
            throw text.Malformed(reader, $"\"{command}\" has no \"coverage\": not a SimpleCov result set.");
        }
    }

    static FileCoverage ReadFile(JsonReportText text, ref Utf8JsonReader reader, string path)
    {
        var what = $"\"{path}\"";
        text.Next(ref reader);
        List<long?> lines = [];
        var branches = new SortedDictionary<int, List<(int Condition, int Branch, long Hits)>>();
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            lines = ReadLines(text, ref reader, what);
        }
        else if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (true)
            {
                text.Next(ref reader);
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                if (reader.ValueTextEquals("lines"u8))
                {
                    text.Expect(ref reader, JsonTokenType.StartArray, $"{what}.lines");
                    lines = ReadLines(text, ref reader, $"{what}.lines");
                }
                else if (reader.ValueTextEquals("branches"u8))
                {
                    ReadBranches(text, ref reader, $"{what}.branches", branches);
                }
                else
                {
                    text.SkipValue(ref reader);
                }
            }
        }
        else
        {
            throw text.Malformed(reader, $"{what} should be an object with \"lines\" or an array of counts, not {JsonReportText.Token(reader)}.");
        }

        var coverage = new List<LineCoverage>();
        for (var index = 0; index < lines.Count; index++)
        {
            var number = index + 1;
            var branchHits = branches.TryGetValue(number, out var list) ? list.OrderBy(b => b.Condition).ThenBy(b => b.Branch).Select(b => b.Hits).ToList() : null;
            if (lines[index] is { } hits)
            {
                coverage.Add(branchHits is null ? new LineCoverage(number, hits) : LineCoverage.WithBranches(number, hits, branchHits));
            }
            else if (branchHits is not null)
            {
                // A condition on a line Ruby does not count as code (a multi-line expression's first line).
                coverage.Add(LineCoverage.WithBranches(number, branchHits.Max(), branchHits));
            }
        }

        return FileCoverage.Build(path, coverage, [], CoverageCombine.Sum);
    }

    static List<long?> ReadLines(JsonReportText text, ref Utf8JsonReader reader, string what)
    {
        var lines = new List<long?>();
        while (true)
        {
            text.Next(ref reader);
            switch (reader.TokenType)
            {
                case JsonTokenType.EndArray:
                    return lines;
                case JsonTokenType.Null:
                    lines.Add(null);
                    break;
                // SimpleCov marks lines in :nocov: blocks "ignored" in some versions: not code to count.
                case JsonTokenType.String when reader.ValueTextEquals("ignored"u8):
                    lines.Add(null);
                    break;
                default:
                    lines.Add(text.ReadCount(reader, $"{what}[{lines.Count}]"));
                    break;
            }
        }
    }

    static void ReadBranches(JsonReportText text, ref Utf8JsonReader reader, string what, SortedDictionary<int, List<(int, int, long)>> branches)
    {
        text.Expect(ref reader, JsonTokenType.StartObject, what);
        while (true)
        {
            text.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return;
            }

            var conditionKey = reader.GetString()!;
            var condition = BranchKey().Match(conditionKey);
            if (!condition.Success)
            {
                throw text.Malformed(reader, $"{what} has the condition \"{conditionKey}\", which is not [:type, id, start line, start column, end line, end column].");
            }

            var line = int.Parse(condition.Groups["line"].Value, CultureInfo.InvariantCulture);
            var conditionId = int.Parse(condition.Groups["id"].Value, CultureInfo.InvariantCulture);
            text.Expect(ref reader, JsonTokenType.StartObject, $"{what}[\"{conditionKey}\"]");
            while (true)
            {
                text.Next(ref reader);
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                var branchKey = reader.GetString()!;
                var branch = BranchKey().Match(branchKey);
                if (!branch.Success)
                {
                    throw text.Malformed(reader, $"{what}[\"{conditionKey}\"] has the branch \"{branchKey}\", which is not [:type, id, start line, start column, end line, end column].");
                }

                text.Next(ref reader);
                var hits = text.ReadCount(reader, $"{what}[\"{conditionKey}\"][\"{branchKey}\"]");
                (branches.TryGetValue(line, out var list) ? list : branches[line] = []).Add((conditionId, int.Parse(branch.Groups["id"].Value, CultureInfo.InvariantCulture), hits));
            }
        }
    }

    [GeneratedRegex(@"^\[:?(?<type>\w+),\s*(?<id>\d+),\s*(?<line>\d+),\s*-?\d+,\s*-?\d+,\s*-?\d+\]$", RegexOptions.CultureInvariant)]
    private static partial Regex BranchKey();
}
