namespace Lightning.Git.Hosting.GitLab;

/// <summary>A merge request; <see cref="Iid"/> is the number users see (!12).</summary>
public sealed record GitLabMergeRequest
{
    public long Id { get; init; }

    public long Iid { get; init; }

    public long ProjectId { get; init; }

    public string Title { get; init; } = string.Empty;

    public string? Description { get; init; }

    public string State { get; init; } = string.Empty;

    public string SourceBranch { get; init; } = string.Empty;

    public string TargetBranch { get; init; } = string.Empty;

    public string? Sha { get; init; }

    public string? MergeCommitSha { get; init; }

    public string? SquashCommitSha { get; init; }

    public string? DetailedMergeStatus { get; init; }

    public bool Draft { get; init; }

    public bool Squash { get; init; }

    public string WebUrl { get; init; } = string.Empty;

    public GitLabDiffRefs? DiffRefs { get; init; }

    public GitLabUser? Author { get; init; }

    public IReadOnlyList<GitLabUser> Reviewers { get; init; } = [];
}
