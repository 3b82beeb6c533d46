namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// A GitLab merge request approval rule (GitLab Premium): <paramref name="ApprovalsRequired"/> approvals on the protected
/// branches with the given ids (see <c>GET .../protected-branches</c>); on every branch when none are given, as GitLab does.
/// </summary>
public sealed record ApprovalRuleRequest(string Name, int ApprovalsRequired, IReadOnlyList<long>? ProtectedBranchIds = null);
