namespace Lightning.Git.Hosting.GitLab;

/// <summary>A comment on an issue or merge request.</summary>
public sealed record GitLabNote
{
    public long Id { get; init; }

    public string Body { get; init; } = string.Empty;

    public string? Type { get; init; }

    /// <summary>GitLab's own notes about events ("added 1 commit", "changed the description"), not a person's comment.</summary>
    public bool System { get; init; }

    public GitLabUser? Author { get; init; }

    public GitLabNotePosition? Position { get; init; }
}
