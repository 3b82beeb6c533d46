namespace Lightning.Testing.Selection;

/// <summary>
/// The tests a change needs, with reasons. When <see cref="RunAll"/> is true, some change's impact is unknown and
/// every test must run: <see cref="Fallbacks"/> say which changes and why (the explained <see cref="Tests"/> are still
/// listed). <see cref="Ignored"/> are changes no test depends on (documentation). <see cref="Dropped"/> are affected
/// tests fast mode left out under its confidence.
/// </summary>
public sealed record TestSelection
{
    public required string Repository { get; init; }

    public required ChangeSet Changes { get; init; }

    public SelectionMode Mode { get; init; }

    public double Confidence { get; init; }

    public bool RunAll => Fallbacks.Count > 0;

    public IReadOnlyList<SelectionNote> Fallbacks { get; init; } = [];

    public IReadOnlyList<SelectionNote> Ignored { get; init; } = [];

    public IReadOnlyList<SelectedTest> Tests { get; init; } = [];

    public IReadOnlyList<SelectedTest> Dropped { get; init; } = [];

    /// <summary>Test projects detected in the repository (root and framework), all of which run when <see cref="RunAll"/>.</summary>
    public IReadOnlyList<SelectedProject> Projects { get; init; } = [];

    /// <summary>How the selection was made: which coverage maps were used and how fresh they are, what was not available.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Tests the coverage maps know of (pytest), or 0; with <see cref="Tests"/> it gives the share of tests that runs.</summary>
    public int KnownTests { get; init; }
}

/// <summary>A detected test project: its root relative to the repository, its framework, and whether it has selected tests.</summary>
public sealed record SelectedProject(string Root, string Framework, int Selected, bool SelectsByTest);
