namespace Lightning.Testing.Coverage;

/// <summary>
/// Coverage per file and line, as every coverage parser produces it and every report, goal and suggestion reads it.
/// Immutable; serialises with <see cref="Lightning.Core.Serialization.LightningJson"/>. Files are unique by path and
/// sorted ordinally (<see cref="Build"/> makes them so).
/// </summary>
public sealed record CoverageReport
{
    public IReadOnlyList<FileCoverage> Files { get; init; } = [];

    /// <summary>
    /// Directories the report says its relative paths start from (Cobertura's <c>sources</c>), which
    /// <see cref="CoveragePathMapper"/> tries first. Empty once paths are repository-relative.
    /// </summary>
    public IReadOnlyList<string> SourceRoots { get; init; } = [];

    /// <summary>The reports this one was read or merged from.</summary>
    public IReadOnlyList<CoverageOrigin> Origins { get; init; } = [];

    public CoverageTotals Totals => CoverageTotals.Sum(Files.Select(file => file.Totals));

    public FileCoverage? File(string path) => Files.FirstOrDefault(file => string.Equals(file.Path, path, StringComparison.Ordinal));

    /// <summary>A report from files in any order; a path given twice is combined as <paramref name="duplicates"/> says.</summary>
    public static CoverageReport Build(IEnumerable<FileCoverage> files, CoverageCombine duplicates, IReadOnlyList<CoverageOrigin> origins, IReadOnlyList<string>? sourceRoots = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(origins);
        var byPath = new SortedDictionary<string, FileCoverage>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            byPath[file.Path] = byPath.TryGetValue(file.Path, out var existing) ? CoverageCombining.Combine(existing, file, duplicates) : file;
        }

        return new CoverageReport { Files = [.. byPath.Values], Origins = origins, SourceRoots = sourceRoots ?? [] };
    }
}
