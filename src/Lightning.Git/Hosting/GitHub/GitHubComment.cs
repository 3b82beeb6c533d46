namespace Lightning.Git.Hosting.GitHub;

public sealed record GitHubComment(long Id, string Body, string? Author, string HtmlUrl);
