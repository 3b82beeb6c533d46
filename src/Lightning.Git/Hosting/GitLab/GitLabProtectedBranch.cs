namespace Lightning.Git.Hosting.GitLab;

/// <summary>A protected branch (or wildcard) and who may push to and merge into it.</summary>
public sealed record GitLabProtectedBranch
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public IReadOnlyList<GitLabAccessLevel> PushAccessLevels { get; init; } = [];

    public IReadOnlyList<GitLabAccessLevel> MergeAccessLevels { get; init; } = [];

    public bool AllowForcePush { get; init; }

    public bool CodeOwnerApprovalRequired { get; init; }
}
