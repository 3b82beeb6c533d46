namespace Lightning.Git.Hosting;

/// <summary>
/// What GitHub and GitLab both offer and the platform needs from either: review comments on diff lines (code review
/// automation posts through this) and branch protection (read, apply, check). Each provider's own client exposes the
/// rest of its API with its own types.
/// </summary>
public interface IGitHostingClient
{
    /// <summary><c>github</c> or <c>gitlab</c>.</summary>
    string Provider { get; }

    /// <summary>Posts comments on lines of a pull request (GitHub) or merge request (GitLab) diff.</summary>
    Task<IReadOnlyList<PostedReviewComment>> PostReviewCommentsAsync(
        string repository, int changeNumber, IReadOnlyList<ReviewComment> comments, CancellationToken cancellationToken);

    /// <summary>The branch's protection, or null when it has none.</summary>
    Task<BranchProtection?> GetBranchProtectionAsync(string repository, string branch, CancellationToken cancellationToken);

    Task<BranchProtection> ApplyBranchProtectionAsync(
        string repository, string branch, BranchProtection protection, CancellationToken cancellationToken);
}
