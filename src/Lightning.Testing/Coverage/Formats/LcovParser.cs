using System.Globalization;
using System.Text;
using Lightning.Testing.Results;

namespace Lightning.Testing.Coverage.Formats;

/// <summary>
/// Reads LCOV tracefiles line by line: a record per source file (<c>SF:</c> ... <c>end_of_record</c>) with
/// <c>DA:line,hits[,checksum]</c>, <c>BRDA:line,block,branch,taken</c> (<c>-</c>: never reached, 0),
/// <c>FN:line[,end],name</c> and <c>FNDA:hits,name</c>, and LCOV 2.0's <c>FNL:index,start[,end]</c> and
/// <c>FNA:index,hits,name</c>. Summary lines (<c>LF</c>, <c>LH</c>, <c>BRF</c>, ...) are recomputed, not trusted;
/// <c>TN:</c>, <c>VER:</c> and unknown keys are skipped. A file recorded twice (once per test name) adds up: the
/// records are separate runs. A record not closed by <c>end_of_record</c> is an error: the file was cut short.
/// </summary>
public sealed class LcovParser : ICoverageParser
{
    public CoverageFormat Format => CoverageFormat.Lcov;

    public async Task<CoverageReport> ParseAsync(Stream stream, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var files = new List<FileCoverage>();
        Record? record = null;
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            lineNumber++;
            var line = text.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line == "end_of_record")
            {
                files.Add((record ?? throw new MalformedReportException(source, lineNumber, "end_of_record without a record: no SF: line opened one.")).Finish());
                record = null;
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new MalformedReportException(source, lineNumber, $"Not an LCOV line: '{Shorten(line)}' (expected KEY:value).");
            }

            var key = line[..colon];
            var value = line[(colon + 1)..];
            if (key == "SF")
            {
                if (record is not null)
                {
                    throw new MalformedReportException(source, lineNumber, $"SF: before the record for '{record.Path}' was closed by end_of_record.");
                }

                record = value.Length > 0 ? new Record(value.Replace('\\', '/')) : throw new MalformedReportException(source, lineNumber, "SF: without a file name.");
                continue;
            }

            if (key is "TN" or "VER")
            {
                continue;
            }

            if (record is null)
            {
                if (key is "DA" or "BRDA" or "FN" or "FNDA" or "FNL" or "FNA")
                {
                    throw new MalformedReportException(source, lineNumber, $"{key}: outside a record: no SF: line names its file.");
                }

                continue;
            }

            try
            {
                record.Accept(key, value);
            }
            catch (FormatException exception)
            {
                throw new MalformedReportException(source, lineNumber, $"{key}:{Shorten(value)}: {exception.Message}", exception);
            }
        }

        if (record is not null)
        {
            throw new MalformedReportException(source, lineNumber, $"The record for '{record.Path}' is not closed by end_of_record: the file ends early.");
        }

        return CoverageReport.Build(files, CoverageCombine.Sum, [new CoverageOrigin(CoverageFormat.Lcov, source, null)]);
    }

    static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";

    sealed class Record(string path)
    {
        readonly SortedDictionary<int, long> _hits = [];
        readonly SortedDictionary<int, List<long>> _branches = [];
        readonly List<(string Name, int Line, int? End)> _functions = [];
        readonly Dictionary<string, long> _functionHits = new(StringComparer.Ordinal);
        readonly Dictionary<string, (int Line, int? End)> _functionLocations = new(StringComparer.Ordinal);

        public string Path { get; } = path;

        public void Accept(string key, string value)
        {
            switch (key)
            {
                case "DA":
                {
                    var parts = value.Split(',');
                    var line = LineNumber(parts[0]);
                    var hits = parts.Length > 1 ? Count(parts[1]) : throw new FormatException("a DA line needs a line number and a count.");
                    _hits[line] = _hits.TryGetValue(line, out var earlier) ? earlier + hits : hits;
                    break;
                }

                case "BRDA":
                {
                    // line,block,branch,taken: the branch may itself hold commas (LCOV 2.0 expressions), the count is last.
                    var first = value.IndexOf(',', StringComparison.Ordinal);
                    var last = value.LastIndexOf(',');
                    if (first < 0 || last <= first || value.IndexOf(',', first + 1) == last)
                    {
                        throw new FormatException("a BRDA line needs a line number, block, branch and count.");
                    }

                    var line = LineNumber(value[..first]);
                    var taken = value[(last + 1)..];
                    var hits = taken == "-" ? 0 : Count(taken);
                    (_branches.TryGetValue(line, out var list) ? list : _branches[line] = []).Add(hits);
                    break;
                }

                case "FN":
                {
                    var (line, rest) = LeadingNumber(value, "an FN line needs a line number and a name.");
                    int? end = null;
                    var comma = rest.IndexOf(',', StringComparison.Ordinal);
                    if (comma > 0 && int.TryParse(rest.AsSpan(0, comma), NumberStyles.None, CultureInfo.InvariantCulture, out var endLine))
                    {
                        end = endLine;
                        rest = rest[(comma + 1)..];
                    }

                    _functions.Add((Name(rest), line, end));
                    break;
                }

                case "FNDA":
                {
                    var comma = value.IndexOf(',', StringComparison.Ordinal);
                    if (comma <= 0)
                    {
                        throw new FormatException("an FNDA line needs a count and a name.");
                    }

                    var name = Name(value[(comma + 1)..]);
                    var hits = Count(value[..comma]);
                    _functionHits[name] = _functionHits.GetValueOrDefault(name) + hits;
                    break;
                }

                case "FNL":
                {
                    // LCOV 2.0: FNL:index,start[,end]; FNA:index,hits,name.
                    var parts = value.Split(',');
                    if (parts.Length < 2)
                    {
                        throw new FormatException("an FNL line needs an index and a line number.");
                    }

                    _functionLocations[parts[0]] = (LineNumber(parts[1]), parts.Length > 2 ? LineNumber(parts[2]) : null);
                    break;
                }

                case "FNA":
                {
                    var parts = value.Split(',', 3);
                    if (parts.Length < 3 || !_functionLocations.TryGetValue(parts[0], out var location))
                    {
                        throw new FormatException("an FNA line needs the index of an earlier FNL line, a count and a name.");
                    }

                    var name = Name(parts[2]);
                    _functions.Add((name, location.Line, location.End));
                    _functionHits[name] = _functionHits.GetValueOrDefault(name) + Count(parts[1]);
                    break;
                }
            }
        }

        public FileCoverage Finish()
        {
            var lines = new List<LineCoverage>();
            foreach (var (number, hits) in _hits)
            {
                lines.Add(_branches.TryGetValue(number, out var branches) ? LineCoverage.WithBranches(number, hits, branches) : new LineCoverage(number, hits));
            }

            foreach (var (number, branches) in _branches.Where(pair => !_hits.ContainsKey(pair.Key)))
            {
                // A branch on a line without DA: the line is known to exist, and ran as often as its busiest branch.
                lines.Add(LineCoverage.WithBranches(number, branches.Max(), branches));
            }

            var functions = _functions.Select(function => new FunctionCoverage(function.Name, function.Line, _functionHits.GetValueOrDefault(function.Name))
            {
                EndLine = function.End is { } end && end > function.Line ? end : null,
            });
            return FileCoverage.Build(Path, lines, functions, CoverageCombine.Sum);
        }

        static (int Line, string Remainder) LeadingNumber(string value, string problem)
        {
            var comma = value.IndexOf(',', StringComparison.Ordinal);
            return comma > 0 ? (LineNumber(value[..comma]), value[(comma + 1)..]) : throw new FormatException(problem);
        }

        static int LineNumber(string text) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1
                ? number
                : throw new FormatException($"'{text}' is not a line number.");

        static long Count(string text) =>
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                ? count
                : throw new FormatException($"'{text}' is not a count.");

        static string Name(string text) => text.Length > 0 ? text : throw new FormatException("the function has no name.");
    }
}
