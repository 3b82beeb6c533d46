using System.ComponentModel.DataAnnotations;

namespace Lightning.Git.Hosting.GitHub;

/// <summary>The <c>Lightning:Git:GitHub</c> section: how patient the GitHub client is with rate limits and slow answers.</summary>
public sealed class GitHubOptions
{
    public const string SectionName = "Lightning:Git:GitHub";

    /// <summary>Longest the client waits for a rate limit to reset before giving up with <c>github.rate_limited</c>.</summary>
    [Range(0, 3600)]
    public int MaxRateLimitWaitSeconds { get; set; } = 60;

    /// <summary>How many times one request is retried after rate-limit waits before giving up.</summary>
    [Range(0, 20)]
    public int MaxRateLimitRetries { get; set; } = 3;

    /// <summary>Longest a single HTTP request may take (asset uploads included).</summary>
    [Range(1, 3600)]
    public int RequestTimeoutSeconds { get; set; } = 300;
}
