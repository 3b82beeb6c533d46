namespace Lightning.Agents.Actions;

/// <summary>The record of one action: who asked, what, when, and how it ended.</summary>
public sealed class ActionEntity
{
    public required string Id { get; set; }

    public required string Agent { get; set; }

    public ActionKind Kind { get; set; }

    /// <summary>A one-line description for lists, such as the command line or the path.</summary>
    public string Summary { get; set; } = string.Empty;

    /// <summary>The request as JSON, with file contents left out.</summary>
    public string RequestJson { get; set; } = "{}";

    /// <summary>The name of the API key that submitted it.</summary>
    public string RequestedBy { get; set; } = string.Empty;

    public ActionStatus Status { get; set; }

    public int? ExitCode { get; set; }

    public string? Error { get; set; }

    public string Output { get; set; } = string.Empty;

    public bool OutputTruncated { get; set; }

    /// <summary>Which parts of <see cref="Output"/> came from stdout and which from stderr; see <see cref="OutputRuns"/>.</summary>
    public string? OutputStreams { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public long? DurationMs { get; set; }
}
