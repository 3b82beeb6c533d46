namespace Lightning.Git.Insights;

/// <summary>
/// Which commits an insight reads: a revision range (<c>v1.0..main</c>, a branch; default <c>HEAD</c>), committer dates,
/// paths inside the repository, and whether to follow only first parents (the mainline of a merge-based history).
/// </summary>
public sealed record HistoryFilter
{
    /// <summary>A revision or range as git understands it; <c>null</c> means <c>HEAD</c>. May not start with <c>-</c>.</summary>
    public string? Range { get; init; }

    /// <summary>Only commits committed at or after this instant (git's <c>--since</c>, which looks at committer dates).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only commits committed at or before this instant (<c>--until</c>).</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Files or folders relative to the repository root; paths that leave the repository are rejected.</summary>
    public IReadOnlyList<string>? Paths { get; init; }

    /// <summary>
    /// Follow only the first parent of merges (<c>--first-parent</c>). Merges still carry no churn, so this counts the
    /// commits made directly on the line (and the merges as commits), not the work merged into it.
    /// </summary>
    public bool FirstParent { get; init; }
}
