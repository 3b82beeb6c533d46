namespace Lightning.Git.Hosting.GitLab;

/// <summary>A project's merge request approval rule (GitLab Premium): how many approvals, for which protected branches.</summary>
public sealed record GitLabApprovalRule
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string? RuleType { get; init; }

    public int ApprovalsRequired { get; init; }

    public IReadOnlyList<GitLabProtectedBranch> ProtectedBranches { get; init; } = [];

    public bool AppliesToAllProtectedBranches { get; init; }
}
