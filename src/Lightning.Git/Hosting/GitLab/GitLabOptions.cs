using System.ComponentModel.DataAnnotations;

namespace Lightning.Git.Hosting.GitLab;

/// <summary>
/// One GitLab connection: gitlab.com or a self-managed instance. The token is a personal, group or project access
/// token; the lead stores it encrypted with <c>ISecretProtector</c> and hands it over decrypted here. It is only ever
/// sent in the <c>PRIVATE-TOKEN</c> header, never logged and never put in an error message.
/// </summary>
public sealed class GitLabOptions
{
    public const string SectionName = "Lightning:Git:GitLab";

    /// <summary>The instance's root, e.g. <c>https://gitlab.com</c> or <c>https://gitlab.example.com/gitlab</c>; routes go under <c>/api/v4/</c>.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://gitlab.com");

    public string? Token { get; set; }

    /// <summary>Longest total time one call may spend waiting out rate limits (429) before it gives up with <c>gitlab.rate_limited</c>.</summary>
    [Range(0, 3600)]
    public int MaxRateLimitWaitSeconds { get; set; } = 120;

    /// <summary>Wait used when a 429 carries neither <c>Retry-After</c> nor <c>RateLimit-Reset</c>.</summary>
    [Range(1, 3600)]
    public int DefaultRetryAfterSeconds { get; set; } = 60;

    /// <summary>Items asked for per page when listing (GitLab allows at most 100).</summary>
    [Range(1, 100)]
    public int PageSize { get; set; } = 100;
}
