namespace Lightning.Git.Repositories;

/// <summary>
/// Which commits <c>LogAsync</c> lists, newest first. <see cref="Revision"/> is a ref, a sha or a range <c>a..b</c>
/// (HEAD when empty). <see cref="Author"/> and <see cref="Grep"/> are plain, case-sensitive substrings of
/// <c>Name &lt;email&gt;</c> and of a message line. With <see cref="Paths"/>, a commit is listed when it changes one of
/// them against its parent (a merge: against any parent; with <see cref="FirstParent"/>: its first), as
/// <c>git log --full-history -- paths</c>. <see cref="Since"/>/<see cref="Until"/> compare committer dates.
/// </summary>
public sealed record GitLogQuery
{
    public string? Revision { get; init; }

    public IReadOnlyList<string>? Paths { get; init; }

    public string? Author { get; init; }

    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset? Until { get; init; }

    public string? Grep { get; init; }

    public int? MaxCount { get; init; }

    public int Skip { get; init; }

    public bool FirstParent { get; init; }
}
