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
}
