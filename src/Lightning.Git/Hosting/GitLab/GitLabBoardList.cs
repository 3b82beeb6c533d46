namespace Lightning.Git.Hosting.GitLab;

/// <summary>A column of an issue board.</summary>
public sealed record GitLabBoardList
{
    public long Id { get; init; }

    public GitLabLabel? Label { get; init; }

    public int? Position { get; init; }

    public string? ListType { get; init; }
}
