namespace Lightning.Collaboration.Execution;

public enum CollaborationStatus
{
    Running,
    Succeeded,
    Failed,
    Cancelled,
    /// <summary>A budget (time, tokens, cost, subtask runs) or the deadline ran out: nothing new started, the rest was cancelled.</summary>
    BudgetExhausted,
}

public static class CollaborationStatusExtensions
{
    public static bool IsFinished(this CollaborationStatus status) => status != CollaborationStatus.Running;
}
