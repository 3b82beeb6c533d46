namespace Lightning.Testing.Coverage;

/// <summary>
/// The coverage of one source file. <see cref="Path"/> is as the report wrote it until <see cref="CoveragePathMapper"/>
/// has made it relative to the repository root (forward slashes). <see cref="Lines"/> are sorted and unique by number,
/// <see cref="Functions"/> sorted by line: <see cref="Build"/> makes them so.
/// </summary>
public sealed record FileCoverage
{
    public required string Path { get; init; }

    public IReadOnlyList<LineCoverage> Lines { get; init; } = [];

    public IReadOnlyList<FunctionCoverage> Functions { get; init; } = [];

    public CoverageTotals Totals => CoverageTotals.Of(Lines, Functions);

    /// <summary>A file from lines and functions in any order; lines given twice are combined as <paramref name="duplicates"/> says.</summary>
    public static FileCoverage Build(string path, IEnumerable<LineCoverage> lines, IEnumerable<FunctionCoverage> functions, CoverageCombine duplicates)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(functions);
        var byNumber = new SortedDictionary<int, LineCoverage>();
        foreach (var line in lines)
        {
            byNumber[line.Number] = byNumber.TryGetValue(line.Number, out var existing) ? CoverageCombining.Combine(existing, line, duplicates) : line;
        }

        var byFunction = new Dictionary<(string, int), FunctionCoverage>();
        foreach (var function in functions)
        {
            var key = (function.Name, function.Line);
            byFunction[key] = byFunction.TryGetValue(key, out var existing) ? CoverageCombining.Combine(existing, function, duplicates) : function;
        }

        return new FileCoverage
        {
            Path = path,
            Lines = [.. byNumber.Values],
            Functions = [.. byFunction.Values.OrderBy(function => function.Line).ThenBy(function => function.Name, StringComparer.Ordinal)],
        };
    }

    public LineCoverage? Line(int number)
    {
        // Lines are sorted: a binary search keeps source views and suggestions linear in the file's size.
        int low = 0, high = Lines.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var candidate = Lines[middle];
            if (candidate.Number == number)
            {
                return candidate;
            }

            if (candidate.Number < number)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return null;
    }
}
