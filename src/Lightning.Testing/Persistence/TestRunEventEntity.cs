namespace Lightning.Testing.Persistence;

/// <summary>One event of a run's log (table <c>test_run_events</c>): what the live stream sent, kept for history pages and replay.</summary>
public sealed class TestRunEventEntity
{
    public required string RunId { get; set; }

    /// <summary>1, 2, 3, ... within the run.</summary>
    public long Sequence { get; set; }

    public required string Type { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The project (root) a test event belongs to; null for events of the whole run.</summary>
    public string? Project { get; set; }

    /// <summary>The event's data as JSON text, exactly as it was sent.</summary>
    public string? Data { get; set; }
}
