namespace Lightning.Agents.Actions;

public enum ActionStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    TimedOut,
}

public static class ActionStatusExtensions
{
    public static bool IsFinished(this ActionStatus status) => status is not (ActionStatus.Queued or ActionStatus.Running);
}
