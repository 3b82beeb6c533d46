using System.ComponentModel.DataAnnotations;

namespace Lightning.Collaboration.Execution;

/// <summary>Settings of the collaboration engine (<c>Lightning:Collaboration</c>).</summary>
public sealed class CollaborationOptions
{
    public const string SectionName = "Lightning:Collaboration";

    /// <summary>Subtasks running at once across all collaborations of this server.</summary>
    [Range(1, 100_000)]
    public int MaxParallel { get; set; } = 256;

    /// <summary>How long a ready subtask waits for an online agent with its capabilities before it fails.</summary>
    [Range(1, 86_400)]
    public int AgentWaitSeconds { get; set; } = 300;

    /// <summary>Finished collaborations kept in memory for fast reads; older ones are read back from the log.</summary>
    [Range(0, 100_000)]
    public int FinishedKeptInMemory { get; set; } = 200;

    /// <summary>
    /// Back-pressure: events appended but not yet durable past which no new subtask starts until the log catches up.
    /// It bounds memory when the disk cannot keep up, and the finished-but-unrecorded work a crash makes run again
    /// (under its idempotency keys). Too small, and one slow fsync stalls every start behind it: at 2,048 the
    /// scheduler's ready→start p99 was 47–119 ms where 65,536 gave 5–17 ms, in the same process, runs interleaved.
    /// </summary>
    [Range(64, 10_000_000)]
    public int MaxUncommittedEvents { get; set; } = 65_536;

    /// <summary>The largest task the API takes (JSON or YAML body, in bytes); a larger one gets 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxTaskBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The largest output a subtask may return (its JSON, in bytes). Outputs go into the event log and into other
    /// subtasks' inputs; a larger one fails the subtask, and large results belong in files (artifacts).
    /// </summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxOutputBytes { get; set; } = 1024 * 1024;
}
