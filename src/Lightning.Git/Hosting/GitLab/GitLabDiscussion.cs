namespace Lightning.Git.Hosting.GitLab;

/// <summary>A thread of notes; a diff-line comment starts one.</summary>
public sealed record GitLabDiscussion
{
    public string Id { get; init; } = string.Empty;

    public IReadOnlyList<GitLabNote> Notes { get; init; } = [];
}
