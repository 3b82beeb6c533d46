using System.ComponentModel.DataAnnotations;

namespace Lightning.Testing.Flaky;

/// <summary>The <c>Lightning:Testing:Flaky</c> section: how much history to weigh, when a test is flaky, and reruns.</summary>
public sealed class FlakyOptions
{
    public const string SectionName = "Lightning:Testing:Flaky";

    /// <summary>How many of a repository's latest runs the detector looks at.</summary>
    [Range(2, 5000)]
    public int Window { get; set; } = 50;

    /// <summary>The score from which a test is called flaky (evidence combines as 1 − Π(1 − weight)).</summary>
    [Range(0.1, 1.0)]
    public double Threshold { get; set; } = 0.75;

    /// <summary>
    /// Targeted reruns after each recorded run, for failures history cannot explain (0: off, the default; runs stay
    /// as fast as they were). Needs the repository on this machine.
    /// </summary>
    [Range(0, 20)]
    public int RerunsAfterRun { get; set; }

    /// <summary>Targeted reruns per inconclusive failure for <c>flaky detect</c> (stops at the first pass).</summary>
    [Range(0, 20)]
    public int DetectReruns { get; set; } = 3;

    /// <summary>Seeded shuffles the order check runs besides the reverse order.</summary>
    [Range(0, 20)]
    public int OrderShuffles { get; set; } = 2;

    /// <summary>Each rerun or reordered run may take this long.</summary>
    [Range(1, 86_400)]
    public int RerunTimeoutSeconds { get; set; } = 600;
}
