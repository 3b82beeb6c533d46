namespace Lightning.Git.Hosting.GitHub;

/// <summary>
/// A pull request. <paramref name="Mergeable"/> is null while GitHub is still computing it in the background; ask
/// again shortly (GitHub documents this).
/// </summary>
public sealed record GitHubPullRequest(
    long Id, int Number, string State, string Title, string? Body, string HeadRef, string HeadSha, string BaseRef,
    bool Draft, bool Merged, bool? Mergeable, string? MergeableState, string HtmlUrl);
