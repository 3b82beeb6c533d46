namespace Lightning.Git.Insights;

/// <summary>
/// One commit read from <c>git log --numstat</c>. The reader reuses a single instance for every commit, so a visitor
/// copies what it keeps.
/// </summary>
internal sealed class LogCommit
{
    public string Hash { get; set; } = string.Empty;

    public int ParentCount { get; set; }

    /// <summary>The author as the mailmap names them (<c>%aN</c>, <c>%aE</c>).</summary>
    public string AuthorName { get; set; } = string.Empty;

    public string AuthorEmail { get; set; } = string.Empty;

    /// <summary>The author date, in UTC (from <c>%at</c>, seconds since the epoch).</summary>
    public DateTimeOffset AuthorTime { get; set; }

    /// <summary>Trailer lines (<c>Key: value</c>, unfolded) when the reader was asked for them.</summary>
    public List<string> Trailers { get; } = [];

    public List<LogFileChange> Files { get; } = [];

    public bool IsMerge => ParentCount > 1;

    public void Reset()
    {
        Hash = string.Empty;
        ParentCount = 0;
        AuthorName = string.Empty;
        AuthorEmail = string.Empty;
        AuthorTime = default;
        Trailers.Clear();
        Files.Clear();
    }
}
