namespace Lightning.Collaboration.Execution;

public enum SubtaskStatus
{
    /// <summary>Waiting for its dependencies.</summary>
    Pending,
    /// <summary>Its dependencies are done; waiting for an agent or a free slot.</summary>
    Ready,
    /// <summary>Paused at its approval gate.</summary>
    AwaitingApproval,
    Running,
    /// <summary>Failed and waiting out its backoff before the next attempt.</summary>
    Retrying,
    Succeeded,
    Failed,
    /// <summary>Not run: a dependency failed, or the collaboration ended first.</summary>
    Skipped,
    Cancelled,
}

public static class SubtaskStatusExtensions
{
    public static bool IsFinished(this SubtaskStatus status) =>
        status is SubtaskStatus.Succeeded or SubtaskStatus.Failed or SubtaskStatus.Skipped or SubtaskStatus.Cancelled;
}
