namespace Lightning.Git.Hosting.GitLab;

/// <summary>The three commits a merge request's diff is computed from; a diff-line comment must name them.</summary>
public sealed record GitLabDiffRefs
{
    public string BaseSha { get; init; } = string.Empty;

    public string HeadSha { get; init; } = string.Empty;

    public string StartSha { get; init; } = string.Empty;
}
