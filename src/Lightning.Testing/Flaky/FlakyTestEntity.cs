namespace Lightning.Testing.Flaky;

/// <summary>
/// The latest flakiness verdict of one test in one repository (table <c>test_flaky_tests</c>), updated after each
/// recorded run that touched the test and by on-demand detection. The evidence is kept as JSON so it shows what was seen.
/// </summary>
public sealed class FlakyTestEntity
{
    public required string Repository { get; set; }

    public required string CaseId { get; set; }

    public string? Project { get; set; }

    public string? Framework { get; set; }

    public string? File { get; set; }

    /// <summary>0 to 1: how sure the detector is that the test is flaky.</summary>
    public double Score { get; set; }

    public FlakyKind Kind { get; set; }

    public FlakyStatus Status { get; set; }

    /// <summary>How many of the runs looked at failed (or errored, or passed only on a retry).</summary>
    public int Failures { get; set; }

    public int Runs { get; set; }

    /// <summary>The <see cref="FlakyEvidence"/> list as JSON.</summary>
    public required string EvidenceJson { get; set; }

    public DateTimeOffset FirstSeenAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
