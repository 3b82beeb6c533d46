namespace Lightning.Git.Hosting.GitHub;

/// <summary>
/// A pull request. <paramref name="Mergeable"/> is null while GitHub is still computing it in the background; ask
/// again shortly (GitHub documents this).
/// </summary>
public sealed record GitHubPullRequest(
    long Id, int Number, string State, string Title, string? Body, string HeadRef, string HeadSha, string BaseRef,
    bool Draft, bool Merged, bool? Mergeable, string? MergeableState, string HtmlUrl)
{
    /// <summary>Logins asked to review who have not reviewed yet (GitHub drops a reviewer from the list once they review).</summary>
    public IReadOnlyList<string> RequestedReviewers { get; init; } = [];

    /// <summary>Slugs of the teams asked to review.</summary>
    public IReadOnlyList<string> RequestedTeams { get; init; } = [];
}
