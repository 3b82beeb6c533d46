namespace Lightning.Testing.History;

/// <summary>
/// Where an uploaded report came from: <see cref="Repository"/> names it in history (a CI job's repository),
/// <see cref="Framework"/> overrides the framework the report says, <see cref="CommitSha"/> and <see cref="Branch"/> what was tested.
/// </summary>
public sealed record TestRunImport(string Repository)
{
    public string? Project { get; init; }

    public string? Framework { get; init; }

    public string? CommitSha { get; init; }

    public string? Branch { get; init; }

    /// <summary>The report's format when its sender says it (checked against the file's first bytes); null: told from the file.</summary>
    public Results.TestReportFormat? Format { get; init; }

    public string Trigger { get; init; } = TestRunTriggers.Import;

    public string RequestedBy { get; init; } = "unknown";
}
