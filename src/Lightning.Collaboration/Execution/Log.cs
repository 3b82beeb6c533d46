using Microsoft.Extensions.Logging;

namespace Lightning.Collaboration.Execution;

internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Collaboration {CollaborationId} submitted by {SubmittedBy}: {Subtasks} subtasks, planned by {Planner}")]
    public static partial void Submitted(ILogger logger, string collaborationId, int subtasks, string planner, string submittedBy);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Collaboration {CollaborationId} finished {Status}: {Error}")]
    public static partial void Finished(ILogger logger, string collaborationId, CollaborationStatus status, string? error);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Collaboration {CollaborationId}: subtask {SubtaskId} failed on {Agent}; retry {Attempt} in {Delay}")]
    public static partial void SubtaskRetried(ILogger logger, string collaborationId, string subtaskId, string agent, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Resumed {Count} collaborations a previous server left running")]
    public static partial void Resumed(ILogger logger, int count);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "The collaboration engine's loop failed on a step")]
    public static partial void LoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Critical, Message = "{Count} collaboration events could not be written to the log")]
    public static partial void AppendFailed(ILogger logger, Exception exception, int count);
}
