namespace Lightning.Agents.Tools.RepositoryAnalysis;

/// <summary>What a walk of a directory saw: every file and directory (relative, forward slashes) and the counts.</summary>
internal sealed class RepositoryScan
{
    public List<string> Files { get; } = [];

    /// <summary>Every directory walked, the analysed one as <c>""</c>.</summary>
    public HashSet<string> Directories { get; } = new(StringComparer.Ordinal) { string.Empty };

    public Dictionary<string, (int Files, long Lines)> Languages { get; } = new(StringComparer.Ordinal);

    public long Lines { get; set; }

    public long Bytes { get; set; }

    public bool Truncated { get; set; }
}
