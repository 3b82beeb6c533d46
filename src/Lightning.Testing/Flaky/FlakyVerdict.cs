namespace Lightning.Testing.Flaky;

/// <summary>
/// The detector's conclusion about one test: flaky (with a score, a kind and the evidence), broken, stable or
/// inconclusive. Flaky tests are always reported as flaky, quarantined or not.
/// </summary>
public sealed record FlakyVerdict(
    string Repository,
    string Id,
    FlakyStatus Status,
    double Score,
    FlakyKind Kind,
    int Runs,
    int Failures,
    IReadOnlyList<FlakyEvidence> Evidence)
{
    public string? Project { get; init; }

    public string? Framework { get; init; }

    public string? File { get; init; }

    /// <summary>Why the status is what it is, in one sentence.</summary>
    public string Summary { get; init; } = string.Empty;

    /// <summary>Targeted reruns made for this verdict.</summary>
    public int Reruns { get; init; }

    public bool Quarantined { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }
}
