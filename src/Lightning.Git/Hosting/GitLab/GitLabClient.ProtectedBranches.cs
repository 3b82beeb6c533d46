namespace Lightning.Git.Hosting.GitLab;

public sealed partial class GitLabClient
{
    public Task<IReadOnlyList<GitLabProtectedBranch>> ListProtectedBranchesAsync(string project, CancellationToken cancellationToken) =>
        GetAllAsync<GitLabProtectedBranch>($"projects/{ProjectSegment(project)}/protected_branches", cancellationToken);

    /// <summary>One protected branch or wildcard (<c>release/*</c>); <c>gitlab.not_found</c> when it is not protected.</summary>
    public Task<GitLabProtectedBranch> GetProtectedBranchAsync(string project, string branch, CancellationToken cancellationToken) =>
        GetAsync<GitLabProtectedBranch>($"projects/{ProjectSegment(project)}/protected_branches/{Segment(branch, "branch name")}", cancellationToken);

    /// <summary>Protects a branch or wildcard. Access levels: 0 no one, 30 developers and maintainers, 40 maintainers, 60 admins.</summary>
    public Task<GitLabProtectedBranch> ProtectBranchAsync(
        string project, string branch, int pushAccessLevel, int mergeAccessLevel, bool allowForcePush, CancellationToken cancellationToken) =>
        SendJsonAsync<GitLabProtectedBranch>(HttpMethod.Post, $"projects/{ProjectSegment(project)}/protected_branches",
            new ProtectBody(branch, pushAccessLevel, mergeAccessLevel, allowForcePush), cancellationToken);

    /// <summary>Changes whether force pushes are allowed on an already protected branch.</summary>
    public Task<GitLabProtectedBranch> UpdateProtectedBranchAsync(string project, string branch, bool allowForcePush, CancellationToken cancellationToken) =>
        SendJsonAsync<GitLabProtectedBranch>(HttpMethod.Patch, $"projects/{ProjectSegment(project)}/protected_branches/{Segment(branch, "branch name")}",
            new ForcePushBody(allowForcePush), cancellationToken);

    public Task UnprotectBranchAsync(string project, string branch, CancellationToken cancellationToken) =>
        SendNoContentAsync(HttpMethod.Delete, $"projects/{ProjectSegment(project)}/protected_branches/{Segment(branch, "branch name")}", body: null, cancellationToken);

    /// <summary>The project's merge request approval rules (GitLab Premium).</summary>
    public Task<IReadOnlyList<GitLabApprovalRule>> ListApprovalRulesAsync(string project, CancellationToken cancellationToken) =>
        GetAllAsync<GitLabApprovalRule>($"projects/{ProjectSegment(project)}/approval_rules", cancellationToken);

    /// <summary>Creates an approval rule requiring <paramref name="approvalsRequired"/> approvals on the given protected branches.</summary>
    public Task<GitLabApprovalRule> CreateApprovalRuleAsync(
        string project, string name, int approvalsRequired, IReadOnlyList<long> protectedBranchIds, CancellationToken cancellationToken) =>
        SendJsonAsync<GitLabApprovalRule>(HttpMethod.Post, $"projects/{ProjectSegment(project)}/approval_rules",
            new ApprovalRuleBody(name, approvalsRequired, protectedBranchIds), cancellationToken);

    public Task<GitLabApprovalRule> UpdateApprovalRuleAsync(
        string project, long ruleId, string name, int approvalsRequired, IReadOnlyList<long> protectedBranchIds, CancellationToken cancellationToken) =>
        SendJsonAsync<GitLabApprovalRule>(HttpMethod.Put, $"projects/{ProjectSegment(project)}/approval_rules/{ruleId}",
            new ApprovalRuleBody(name, approvalsRequired, protectedBranchIds), cancellationToken);

    public Task DeleteApprovalRuleAsync(string project, long ruleId, CancellationToken cancellationToken) =>
        SendNoContentAsync(HttpMethod.Delete, $"projects/{ProjectSegment(project)}/approval_rules/{ruleId}", body: null, cancellationToken);

    sealed record ProtectBody(string Name, int PushAccessLevel, int MergeAccessLevel, bool AllowForcePush);

    sealed record ForcePushBody(bool AllowForcePush);

    sealed record ApprovalRuleBody(string Name, int ApprovalsRequired, IReadOnlyList<long> ProtectedBranchIds);
}
