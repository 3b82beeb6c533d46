namespace Lightning.Testing.Selection.Coverage;

/// <summary>
/// Which test ran which lines, for one test project at one commit: built by running the project's tests once with
/// per-test coverage (see <see cref="CoverageMapBuilder"/>). <see cref="Tests"/> name tests relative to the project
/// root as <c>file::name</c> (pytest node ids, <c>calc_test.go::TestAdd</c>, <c>tests/CalcTest.php::testAdd</c>,
/// <c>CalcTests.cs::Ns.CalcTests::Adds</c>) or a
/// whole test file (Jest); <see cref="Files"/> maps each measured file
/// (relative to the repository) to the tests that ran it and the lines they ran (<c>"10-30,45"</c>).
/// </summary>
public sealed record CoverageMap
{
    public const string SchemaName = "lightning-selection-map/1";

    public string Schema { get; init; } = SchemaName;

    /// <summary>The repository directory the map was built in.</summary>
    public required string Repository { get; init; }

    public required string Project { get; init; }

    public required string Framework { get; init; }

    /// <summary>HEAD when the map was built; null outside git.</summary>
    public string? Commit { get; init; }

    /// <summary>The working tree had changes when the map was built, so its lines may not match <see cref="Commit"/> exactly.</summary>
    public bool Dirty { get; init; }

    public DateTimeOffset BuiltAt { get; init; }

    public IReadOnlyList<string> Tests { get; init; } = [];

    public IReadOnlyDictionary<string, IReadOnlyList<CoverageMapEntry>> Files { get; init; } = new Dictionary<string, IReadOnlyList<CoverageMapEntry>>(StringComparer.Ordinal);

    /// <summary>Coverage contexts that named no test file of the project (a test outside it, a plugin).</summary>
    public IReadOnlyList<string> UnmatchedContexts { get; init; } = [];

    /// <summary>
    /// Files the tests opened for reading at run time (relative to the repository) and the tests that read each (indexes
    /// into <see cref="Tests"/>): data and fixture files no coverage line shows. Recorded for pytest (an audit hook) and
    /// Jest (a setup file wrapping <c>fs</c>; a read outside any test is the whole file's).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int>> Reads { get; init; } = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);

    /// <summary>The map recorded <see cref="Reads"/> (an older map or another framework did not): its tests' reads are known.</summary>
    public bool ReadsRecorded { get; init; }

    /// <summary>How the map was made when it is coarser than per test (go batched by package, Jest files past the bound, dotnet per class).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>Test number <see cref="Test"/> (an index into <see cref="CoverageMap.Tests"/>) ran <see cref="Lines"/> of a file.</summary>
public sealed record CoverageMapEntry(int Test, string Lines)
{
    public IReadOnlyList<LineRange> Ranges() => Lines.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(part =>
    {
        var dash = part.IndexOf('-', StringComparison.Ordinal);
        return dash < 0
            ? new LineRange(int.Parse(part, System.Globalization.CultureInfo.InvariantCulture), int.Parse(part, System.Globalization.CultureInfo.InvariantCulture))
            : new LineRange(int.Parse(part[..dash], System.Globalization.CultureInfo.InvariantCulture), int.Parse(part[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }).ToList();

    public static string Format(IEnumerable<LineRange> ranges) => string.Join(',', ranges);
}
