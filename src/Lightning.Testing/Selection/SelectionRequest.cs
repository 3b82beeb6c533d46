namespace Lightning.Testing.Selection;

/// <summary>
/// What to select for: the repository directory (full path), the changes (the working tree against HEAD when
/// <see cref="Base"/> is null; else <see cref="Base"/> to <see cref="Head"/>, HEAD by default), the mode and the
/// confidence of fast mode, and how history names the repository (for failure rates).
/// </summary>
public sealed record SelectionRequest(string Directory)
{
    public const double DefaultConfidence = 0.9;

    public string? Base { get; init; }

    public string? Head { get; init; }

    public SelectionMode Mode { get; init; } = SelectionMode.Safe;

    public double Confidence { get; init; } = DefaultConfidence;

    /// <summary>The repository's name in run history; null reads no failure history.</summary>
    public string? HistoryName { get; init; }
}
