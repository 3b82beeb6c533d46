namespace Lightning.Collaboration.History;

/// <summary>The event types of the log, as stored and as the WebSocket sends them.</summary>
public static class CollaborationEventTypes
{
    public const string Submitted = "submitted";
    public const string Resumed = "resumed";
    public const string SubtaskAwaitingApproval = "subtask-awaiting-approval";
    public const string SubtaskApproved = "subtask-approved";
    public const string SubtaskRejected = "subtask-rejected";
    public const string SubtaskStarted = "subtask-started";
    public const string SubtaskSucceeded = "subtask-succeeded";
    public const string SubtaskFailed = "subtask-failed";
    public const string SubtaskSkipped = "subtask-skipped";
    public const string SubtaskCancelled = "subtask-cancelled";
    public const string CompensationTriggered = "compensation-triggered";
    public const string CancelRequested = "cancel-requested";
    public const string BudgetExhausted = "budget-exhausted";
    public const string Finished = "finished";

    /// <summary>A message between agents inside the collaboration (Contract Net bids, peer requests and replies): a <see cref="Execution.ConversationMessage"/>.</summary>
    public const string Message = "message";
}
