using System.ComponentModel.DataAnnotations;

namespace Lightning.Git.Hosting.Webhooks;

/// <summary>The <c>Lightning:Git:Webhooks</c> section: the hook secrets and how old a delivery may be.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Lightning:Git:Webhooks";

    /// <summary>The secret set on the GitHub webhook (HMAC key of <c>X-Hub-Signature-256</c>). Unset: GitHub deliveries are refused.</summary>
    public string? GitHubSecret { get; set; }

    /// <summary>The secret token set on the GitLab webhook (<c>X-Gitlab-Token</c>). Unset: GitLab deliveries are refused.</summary>
    public string? GitLabSecret { get; set; }

    /// <summary>
    /// A delivery whose payload says the event happened longer ago than this is refused as stale. 72 hours matches
    /// how far back GitHub lets a delivery be redelivered by hand.
    /// </summary>
    [Range(1, 60 * 24 * 30)]
    public int StaleAfterMinutes { get; set; } = 72 * 60;

    /// <summary>Clock difference tolerated for event times in the future.</summary>
    [Range(0, 60)]
    public int ClockSkewMinutes { get; set; } = 5;

    /// <summary>
    /// How long delivery ids are kept. Longer than <see cref="StaleAfterMinutes"/> plus the skew, so every delivery
    /// that would still pass the staleness check is still recognised as a replay.
    /// </summary>
    public TimeSpan Retention => TimeSpan.FromMinutes(StaleAfterMinutes + ClockSkewMinutes) + TimeSpan.FromDays(1);
}
