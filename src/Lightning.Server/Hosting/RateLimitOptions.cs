using System.ComponentModel.DataAnnotations;

namespace Lightning.Server.Hosting;

/// <summary>Per-key token bucket. Bound from <c>Lightning:RateLimit</c>.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Lightning:RateLimit";

    [Range(1, 10_000_000)]
    public int PermitsPerSecond { get; set; } = 100;

    [Range(1, 10_000_000)]
    public int Burst { get; set; } = 200;
}
