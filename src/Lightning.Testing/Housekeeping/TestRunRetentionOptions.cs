using System.ComponentModel.DataAnnotations;

namespace Lightning.Testing.Housekeeping;

/// <summary>
/// <c>Lightning:Testing:Runs:Retention</c>: how long finished runs are kept. Either limit, both, or neither (the
/// default: keep everything). Queued and running runs are never pruned.
/// </summary>
public sealed class TestRunRetentionOptions
{
    public const string SectionName = "Lightning:Testing:Runs:Retention";

    /// <summary>Finished runs older than this many days (by when they finished) are deleted.</summary>
    [Range(1, 36_500)]
    public int? Days { get; set; }

    /// <summary>Only the newest this many finished runs of each repository are kept.</summary>
    [Range(1, 1_000_000)]
    public int? MaxRunsPerRepository { get; set; }

    /// <summary>How often the background service prunes (it also prunes once at start).</summary>
    [Range(1, 10_080)]
    public int IntervalMinutes { get; set; } = 60;

    public bool Enabled => Days is not null || MaxRunsPerRepository is not null;
}
