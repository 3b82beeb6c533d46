namespace Lightning.Server.Endpoints.Git;

/// <summary>A GitHub pull request or GitLab merge request, in the fields both have; <paramref name="Number"/> is the one users see (#12, !12).</summary>
public sealed record PullRequestView(
    string Provider, long Number, string Title, string State, string Head, string Base, bool Draft, bool Merged, string Url);
