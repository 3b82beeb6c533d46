namespace Lightning.Testing.Selection;

/// <summary>Lines <see cref="Start"/> to <see cref="End"/> of a file, 1-based and inclusive.</summary>
public sealed record LineRange(int Start, int End)
{
    public bool Overlaps(LineRange other) => Start <= other.End && other.Start <= End;

    public bool Contains(int line) => line >= Start && line <= End;

    public override string ToString() => Start == End ? Start.ToString(System.Globalization.CultureInfo.InvariantCulture) : FormattableString.Invariant($"{Start}-{End}");

    /// <summary>Sorted line numbers as the fewest ranges: 3, 4, 5, 9 → 3-5, 9.</summary>
    public static IReadOnlyList<LineRange> FromLines(IEnumerable<int> lines)
    {
        var ranges = new List<LineRange>();
        foreach (var line in lines.Distinct().Order())
        {
            if (ranges.Count > 0 && ranges[^1].End + 1 == line)
            {
                ranges[^1] = ranges[^1] with { End = line };
            }
            else
            {
                ranges.Add(new LineRange(line, line));
            }
        }

        return ranges;
    }

    public static string Describe(IEnumerable<LineRange> ranges) => string.Join(", ", ranges);
}
