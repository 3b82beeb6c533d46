namespace Lightning.Testing.Flaky;

/// <summary>
/// "<see cref="CaseId"/> fails when it runs after <see cref="AfterCaseId"/>" (table <c>test_order_dependencies</c>),
/// found by reordering a suite and bisecting the tests that ran before the failure.
/// </summary>
public sealed class OrderDependencyEntity
{
    public required string Repository { get; set; }

    public required string CaseId { get; set; }

    public required string AfterCaseId { get; set; }

    public string? Project { get; set; }

    /// <summary>The order that showed it (reverse, shuffle:SEED) and the failure message.</summary>
    public required string Evidence { get; set; }

    public DateTimeOffset FoundAt { get; set; }
}
