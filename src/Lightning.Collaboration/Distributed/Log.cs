using Microsoft.Extensions.Logging;

namespace Lightning.Collaboration.Distributed;

/// <summary>Distributed workers and the coordinator's bus runner: event ids 3400-3499.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3400, Level = LogLevel.Warning, Message = "Publishing {MessageId} to {Receiver} failed ({Error}); retrying in {Delay}")]
    public static partial void PublishRetry(ILogger logger, string messageId, string receiver, string error, TimeSpan delay);

    [LoggerMessage(EventId = 3401, Level = LogLevel.Warning, Message = "Worker {Worker} lost its lease while running {IdempotencyKey}: {Reason}")]
    public static partial void LeaseLost(ILogger logger, string worker, string idempotencyKey, string reason);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Debug, Message = "Reply {MessageId} to {InReplyTo} arrived after its request was given up; dropped")]
    public static partial void StaleReply(ILogger logger, string messageId, string inReplyTo);

    [LoggerMessage(EventId = 3403, Level = LogLevel.Warning, Message = "Message {MessageId} from {Sender} is not usable and was sent to the dead letters: {Reason}")]
    public static partial void Rejected(ILogger logger, string messageId, string sender, string reason);

    [LoggerMessage(EventId = 3404, Level = LogLevel.Error, Message = "Handling message {MessageId} failed")]
    public static partial void HandlingFailed(ILogger logger, Exception exception, string messageId);

    [LoggerMessage(EventId = 3405, Level = LogLevel.Warning, Message = "Receiving from the bus failed; retrying in {Delay}")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 3406, Level = LogLevel.Information, Message = "Worker {Worker} runs {Tool} for {IdempotencyKey} (attempt {Attempt})")]
    public static partial void Running(ILogger logger, string worker, string tool, string idempotencyKey, int attempt);

    [LoggerMessage(EventId = 3407, Level = LogLevel.Information, Message = "Worker {Worker} finished {IdempotencyKey}: {Outcome}")]
    public static partial void Finished(ILogger logger, string worker, string idempotencyKey, string outcome);

    [LoggerMessage(EventId = 3408, Level = LogLevel.Warning, Message = "Worker {Worker} could not read request {MessageId}; returned to the bus for retry: {Reason}")]
    public static partial void MalformedRequest(ILogger logger, string worker, string messageId, string reason);
}
