namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// Changes to a pull or merge request; a null member is left as it is. <paramref name="State"/> is <c>open</c> or
/// <c>closed</c>. <paramref name="Draft"/> is GitLab only (its draft is a <c>Draft:</c> title prefix; GitHub changes the
/// draft state only through its GraphQL API).
/// </summary>
public sealed record UpdatePullRequestRequest(string? Title = null, string? Body = null, string? Base = null, string? State = null, bool? Draft = null);
