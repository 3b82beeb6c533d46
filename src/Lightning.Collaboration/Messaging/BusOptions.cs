using System.ComponentModel.DataAnnotations;

namespace Lightning.Collaboration.Messaging;

/// <summary>Delivery rules shared by every bus. Bound from <c>Lightning:Collaboration:Bus</c>.</summary>
public sealed class BusOptions
{
    public const string SectionName = "Lightning:Collaboration:Bus";

    /// <summary>Deliveries before a message that keeps failing goes to the dead-letter queue.</summary>
    [Range(1, 1000)]
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>The first retry delay; each later one doubles, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Each delay is spread by ± this fraction at random, so failed messages do not retry in lockstep.</summary>
    [Range(0.0, 1.0)]
    public double Jitter { get; set; } = 0.2;

    /// <summary>The default <see cref="DeduplicationWindow"/>.</summary>
    public static TimeSpan DefaultDeduplicationWindow { get; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a published id is remembered: publishing the same id again within it is a duplicate and dropped. The
    /// embedded bus forgets settled ids older than this, so its journal does not grow with every message ever sent.
    /// </summary>
    public TimeSpan DeduplicationWindow { get; set; } = DefaultDeduplicationWindow;

    /// <summary>A delivery not settled within this time (its consumer died) is delivered again.</summary>
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The delay before delivery number <paramref name="attempt"/> + 1, after <paramref name="attempt"/> failed ones (1-based).</summary>
    public TimeSpan RetryDelay(int attempt, double random)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var delay = Math.Min(BaseRetryDelay.TotalMilliseconds * Math.Pow(2, exponent), MaxRetryDelay.TotalMilliseconds);
        var spread = 1 + (Jitter * ((2 * random) - 1));
        return TimeSpan.FromMilliseconds(Math.Max(0, delay * spread));
    }
}
