using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lightning.Testing.Results;

namespace Lightning.Testing.Coverage.Formats;

/// <summary>
/// Reads Go cover profiles (<c>go test -coverprofile</c>): a <c>mode: set|count|atomic</c> line, then one block per
/// line, <c>file:startLine.startCol,endLine.endCol statements count</c>, files named by import path
/// (<c>example.com/m/calc/calc.go</c>; <see cref="CoveragePathMapper"/> maps them through go.mod). A block listed twice
/// (several test binaries with <c>-coverpkg</c>, or profiles joined together) adds up in count and atomic mode and is
/// covered if either is in set mode, as <c>go tool cover</c> does. Each line a block spans takes the block's count,
/// the largest when blocks share a line (the line ran that often). Profiles name no functions: those come from the
/// sources (<see cref="Sources.SourceFunctions"/>).
/// </summary>
public sealed partial class GoProfileParser : ICoverageParser
{
    public CoverageFormat Format => CoverageFormat.GoProfile;

    public async Task<CoverageReport> ParseAsync(Stream stream, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        string? mode = null;
        var blocks = new Dictionary<(string File, int StartLine, int StartColumn, int EndLine, int EndColumn), long>();
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            lineNumber++;
            var line = text.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("mode:", StringComparison.Ordinal))
            {
                var declared = line["mode:".Length..].Trim();
                if (declared is not ("set" or "count" or "atomic"))
                {
                    throw new MalformedReportException(source, lineNumber, $"Unknown cover mode '{declared}'; go test writes set, count or atomic.");
                }

                if (mode is not null && mode != declared)
                {
                    throw new MalformedReportException(source, lineNumber, $"mode: {declared} after mode: {mode}; profiles of different modes cannot be joined.");
                }

                mode = declared;
                continue;
            }

            if (mode is null)
            {
                throw new MalformedReportException(source, lineNumber, "A Go cover profile starts with a 'mode: set|count|atomic' line.");
            }

            var match = Block().Match(line);
            if (!match.Success)
            {
                throw new MalformedReportException(source, lineNumber, $"Not a cover profile block: '{(line.Length > 80 ? line[..80] + "..." : line)}' (expected file:line.column,line.column statements count).");
            }

            var key = (match.Groups["file"].Value.Replace('\\', '/'), Int(match, "sl"), Int(match, "sc"), Int(match, "el"), Int(match, "ec"));
            if (key.Item2 < 1 || key.Item4 < key.Item2)
            {
                throw new MalformedReportException(source, lineNumber, $"The block ends (line {key.Item4}) before it starts (line {key.Item2}).");
            }

            var count = long.Parse(match.Groups["count"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            blocks[key] = blocks.TryGetValue(key, out var earlier) ? (mode == "set" ? Math.Max(earlier, count) : earlier + count) : count;
        }

        if (mode is null)
        {
            throw new MalformedReportException(source, lineNumber == 0 ? null : lineNumber, "The profile has no 'mode:' line.");
        }

        var files = blocks.GroupBy(block => block.Key.File, StringComparer.Ordinal).Select(file =>
        {
            var lines = new Dictionary<int, long>();
            foreach (var (block, count) in file)
            {
                for (var line = block.StartLine; line <= block.EndLine; line++)
                {
                    lines[line] = lines.TryGetValue(line, out var hits) ? Math.Max(hits, count) : count;
                }
            }

            return FileCoverage.Build(file.Key, lines.Select(line => new LineCoverage(line.Key, line.Value)), [], CoverageCombine.Max);
        });
        return CoverageReport.Build(files, CoverageCombine.Max, [new CoverageOrigin(CoverageFormat.GoProfile, source, $"go cover ({mode})")]);
    }

    static int Int(Match match, string group) => int.Parse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<file>.+):(?<sl>\d{1,9})\.(?<sc>\d{1,9}),(?<el>\d{1,9})\.(?<ec>\d{1,9}) (?<statements>\d{1,9}) (?<count>\d{1,18})$", RegexOptions.CultureInvariant)]
    private static partial Regex Block();
}
