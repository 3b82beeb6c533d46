namespace Lightning.Git.Hosting.GitHub;

public sealed record GitHubIssue(
    long Id, int Number, string State, string Title, string? Body, IReadOnlyList<string> Labels, string HtmlUrl);
