namespace Lightning.Testing.Flaky;

/// <summary>
/// A quarantined test (table <c>test_quarantine</c>): it still runs and its result is shown, but its failure does not
/// fail the run. Who, why, when, and until when are always recorded, so quarantine is never silent.
/// </summary>
public sealed class QuarantineEntity
{
    public required string Repository { get; set; }

    public required string CaseId { get; set; }

    public required string Reason { get; set; }

    public required string QuarantinedBy { get; set; }

    public DateTimeOffset QuarantinedAt { get; set; }

    /// <summary>When the quarantine ends by itself; null until released.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}
