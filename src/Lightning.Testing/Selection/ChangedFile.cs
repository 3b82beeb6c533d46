namespace Lightning.Testing.Selection;

/// <summary>
/// One file that changed, with its path relative to the repository (<c>/</c>-separated). <see cref="Lines"/> are the
/// changed lines of the new version; <see cref="OldLines"/> the lines of the old version that were removed or
/// rewritten, or the two lines around an insertion (what a coverage map made on the old version can be matched
/// against). <see cref="WholeFile"/>: no line information (a new, untracked or binary file, or a watcher event
/// without a snapshot), so the whole file counts as changed.
/// </summary>
public sealed record ChangedFile(string Path, ChangeKind Kind)
{
    /// <summary>The path before a rename.</summary>
    public string? OldPath { get; init; }

    public IReadOnlyList<LineRange> Lines { get; init; } = [];

    public IReadOnlyList<LineRange> OldLines { get; init; } = [];

    public bool WholeFile { get; init; }

    public bool Binary { get; init; }

    /// <summary>The diff's hunks (old and new positions), to carry line numbers from one version to the other.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<DiffHunk> Hunks { get; init; } = [];

    public override string ToString() => Kind switch
    {
        ChangeKind.Renamed => $"{OldPath} → {Path}",
        _ when WholeFile || Lines.Count == 0 => $"{Path} ({Kind.ToString().ToLowerInvariant()})",
        _ => $"{Path}:{LineRange.Describe(Lines)}",
    };
}
