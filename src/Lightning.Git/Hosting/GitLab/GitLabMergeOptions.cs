namespace Lightning.Git.Hosting.GitLab;

/// <summary>How to merge: <see cref="Sha"/> guards against merging commits pushed after review (GitLab answers 409 when the source branch moved).</summary>
public sealed record GitLabMergeOptions
{
    public string? Sha { get; init; }

    public bool? Squash { get; init; }

    public bool? ShouldRemoveSourceBranch { get; init; }

    public string? MergeCommitMessage { get; init; }

    public string? SquashCommitMessage { get; init; }
}
