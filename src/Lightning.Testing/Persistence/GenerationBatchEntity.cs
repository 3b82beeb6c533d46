namespace Lightning.Testing.Persistence;

/// <summary>One test generation: what was asked, where, by whom, how it ended, and its report (table <c>test_generation_batches</c>).</summary>
public sealed class GenerationBatchEntity
{
    public required string Id { get; set; }

    /// <summary>How history names the repository: a registered repository's name, or the path.</summary>
    public required string Repository { get; set; }

    /// <summary>The workspace the batch is confined to, and the project's path inside it: where accepted tests are written.</summary>
    public required string WorkspaceRoot { get; set; }

    public required string Path { get; set; }

    public string? File { get; set; }

    public string? Language { get; set; }

    public int Max { get; set; }

    public required string RequestedBy { get; set; }

    public GenerationBatchStatus Status { get; set; }

    public string? Error { get; set; }

    /// <summary>The report without its candidates (they are rows of <see cref="GeneratedTestEntity"/>), as JSON.</summary>
    public string? ReportJson { get; set; }

    /// <summary>Files written on acceptance, as a JSON array.</summary>
    public string? WrittenJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}

public enum GenerationBatchStatus
{
    Queued,
    Running,
    /// <summary>Generated: its kept candidates await review.</summary>
    Ready,
    Failed,
    Accepted,
    Rejected,
    /// <summary>Stopped on request before it finished: its report keeps the candidates judged until then; nothing to review.</summary>
    Cancelled,
}
