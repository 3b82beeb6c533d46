namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// One pull request (GitHub) or merge request (GitLab) with what the list leaves out. <paramref name="Mergeable"/> is
/// null while the provider is still computing it (GitHub) or when it cannot say (GitLab's checking/unchecked);
/// <paramref name="MergeState"/> is the provider's own word for why (GitHub's <c>mergeable_state</c>: clean, dirty,
/// blocked, behind...; GitLab's <c>detailed_merge_status</c>: mergeable, conflict, not_approved...).
/// <paramref name="Reviewers"/> are the users asked to review (GitHub lists only those who have not reviewed yet).
/// </summary>
public sealed record PullRequestDetailView(
    string Provider, long Number, string Title, string State, string Head, string Base, bool Draft, bool Merged, string Url,
    string? Body, string? HeadSha, bool? Mergeable, string? MergeState, IReadOnlyList<string> Reviewers, IReadOnlyList<string> TeamReviewers);
