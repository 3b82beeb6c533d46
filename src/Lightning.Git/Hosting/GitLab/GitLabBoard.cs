namespace Lightning.Git.Hosting.GitLab;

/// <summary>An issue board and its lists.</summary>
public sealed record GitLabBoard
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public IReadOnlyList<GitLabBoardList> Lists { get; init; } = [];
}
