namespace Lightning.Git.Review;

/// <summary>The kind of a line in a <c>--unified=0</c> diff; with no context lines there are only these two.</summary>
internal enum DiffLineKind
{
    Added,
    Removed,
}

/// <summary>One added or removed line; <paramref name="Line"/> counts in the new file for added lines, in the old for removed ones.</summary>
internal readonly record struct DiffLine(DiffLineKind Kind, int Line, string Text);

internal enum DiffStatus
{
    Added,
    Modified,
    Deleted,
    Renamed,
}

/// <summary>One file of a diff between two commits.</summary>
internal sealed class DiffFile(string path, string? oldPath, bool binary)
{
    public string Path { get; } = path;

    public string? OldPath { get; } = oldPath;

    public bool Binary { get; } = binary;

    public DiffStatus Status { get; set; } = oldPath is null ? DiffStatus.Modified : DiffStatus.Renamed;

    public List<DiffLine> Lines { get; } = [];

    public IEnumerable<DiffLine> Added => Lines.Where(line => line.Kind == DiffLineKind.Added);

    public int? FirstAddedLine => Lines.FirstOrDefault(line => line.Kind == DiffLineKind.Added) is { Line: > 0 } first ? first.Line : null;
}
