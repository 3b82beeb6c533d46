namespace Lightning.Git.Hosting.GitHub;

/// <summary>A repository hook. GitHub never returns the secret, so neither does this.</summary>
public sealed record GitHubWebhook(long Id, string Url, string ContentType, IReadOnlyList<string> Events, bool Active);
