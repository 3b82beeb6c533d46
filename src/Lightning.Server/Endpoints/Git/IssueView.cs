namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// A GitHub or GitLab issue; <paramref name="Number"/> is the one users see (#7). <paramref name="State"/> is the
/// provider's word (GitHub <c>open</c>/<c>closed</c>, GitLab <c>opened</c>/<c>closed</c>), as in <see cref="PullRequestView"/>.
/// </summary>
public sealed record IssueView(string Provider, long Number, string Title, string State, string? Body, IReadOnlyList<string> Labels, string Url);
