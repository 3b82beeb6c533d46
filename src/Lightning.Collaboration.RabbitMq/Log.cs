using Microsoft.Extensions.Logging;

namespace Lightning.Collaboration.RabbitMq;

/// <summary>Event ids 3100-3199: the RabbitMQ transport of the collaboration bus.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "Connected to RabbitMQ at {Endpoint} (namespace {Namespace})")]
    public static partial void Connected(ILogger logger, string endpoint, string @namespace);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Message {MessageId} from queue {Queue} was dead-lettered: {Reason}")]
    public static partial void DeadLettered(ILogger logger, string messageId, string queue, string reason);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Message {MessageId} will be retried in {Delay} (attempt {Attempt})")]
    public static partial void RetryScheduled(ILogger logger, string messageId, TimeSpan delay, int attempt);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Error, Message = "Dropped an unreadable message from queue {Queue}")]
    public static partial void Unreadable(ILogger logger, string queue, Exception exception);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Error, Message = "Handling a delivery from queue {Queue} failed; it stays unsettled and returns when the channel closes")]
    public static partial void DeliveryHandlingFailed(ILogger logger, string queue, Exception exception);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Warning, Message = "Message {MessageId} was published but its claim could not be marked published; a retry after the claim timeout may deliver it again")]
    public static partial void ConfirmClaimFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Warning, Message = "The claim of message {MessageId}, whose publish failed, could not be released; a retry takes it over after the claim timeout")]
    public static partial void ReleaseClaimFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(EventId = 3207, Level = LogLevel.Warning, Message = "Deleting expired publish claims failed; trying again later")]
    public static partial void PurgeClaimsFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3208, Level = LogLevel.Debug, Message = "Deleted {Count} expired publish claims")]
    public static partial void ClaimsPurged(ILogger logger, int count);
}
