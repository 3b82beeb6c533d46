namespace Lightning.Testing.Coverage.Suggestions;

/// <summary>
/// Ranks functions by the coverage their tests would add: missed lines first, then missed branches, never-called
/// functions before partly tested ones at a tie. A function spans from its line to its end line when the report or the
/// source tells (<see cref="Sources.SourceFunctions"/>), else to the line before the next function of its file; each
/// line counts for the innermost function around it, so an inner function is not counted twice.
/// </summary>
public static class CoverageSuggestions
{
    public static IReadOnlyList<CoverageSuggestion> Rank(CoverageReport report, int limit = 20)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var totals = report.Totals;
        var suggestions = new List<CoverageSuggestion>();
        foreach (var file in report.Files.Where(file => file.Functions.Count > 0))
        {
            var ranges = Ranges(file);
            var missedLines = new List<int>[ranges.Count];
            var missedBranches = new int[ranges.Count];
            foreach (var line in file.Lines)
            {
                var owner = Innermost(ranges, line.Number);
                if (owner < 0)
                {
                    continue;
                }

                if (!line.Covered)
                {
                    (missedLines[owner] ??= []).Add(line.Number);
                }

                missedBranches[owner] += line.BranchesTotal - line.BranchesCovered;
            }

            for (var i = 0; i < ranges.Count; i++)
            {
                var lines = missedLines[i] ?? [];
                if (lines.Count == 0 && missedBranches[i] == 0)
                {
                    continue;
                }

                var (function, end) = ranges[i];
                suggestions.Add(new CoverageSuggestion(
                    file.Path, function.Name, function.Line, end, !function.Covered, lines.Count, missedBranches[i], lines,
                    totals.LinesTotal == 0 ? 0 : lines.Count * 100.0 / totals.LinesTotal,
                    totals.BranchesTotal == 0 ? 0 : missedBranches[i] * 100.0 / totals.BranchesTotal));
            }
        }

        return [.. suggestions
            .OrderByDescending(suggestion => suggestion.MissedLines)
            .ThenByDescending(suggestion => suggestion.MissedBranches)
            .ThenByDescending(suggestion => suggestion.NeverCalled)
            .ThenBy(suggestion => suggestion.Path, StringComparer.Ordinal)
            .ThenBy(suggestion => suggestion.Line)
            .Take(limit)];
    }

    static List<(FunctionCoverage Function, int End)> Ranges(FileCoverage file)
    {
        var lastLine = Math.Max(file.Lines.Count > 0 ? file.Lines[^1].Number : 0, file.Functions.Max(function => function.EndLine ?? function.Line));
        var ranges = new List<(FunctionCoverage, int)>(file.Functions.Count);
        for (var i = 0; i < file.Functions.Count; i++)
        {
            var function = file.Functions[i];
            var next = file.Functions.Skip(i + 1).FirstOrDefault(other => other.Line > function.Line);
            ranges.Add((function, function.EndLine ?? (next is null ? lastLine : next.Line - 1)));
        }

        return ranges;
    }

    static int Innermost(List<(FunctionCoverage Function, int End)> ranges, int line)
    {
        var best = -1;
        for (var i = 0; i < ranges.Count; i++)
        {
            var (function, end) = ranges[i];
            if (function.Line <= line && line <= end && (best < 0 || end - function.Line < ranges[best].End - ranges[best].Function.Line))
            {
                best = i;
            }
        }

        return best;
    }
}
