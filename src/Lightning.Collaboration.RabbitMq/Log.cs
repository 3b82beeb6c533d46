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
}
