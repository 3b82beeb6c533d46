using Microsoft.Extensions.Logging;

namespace Lightning.Collaboration.Redis;

internal static partial class Log
{
    // Collaboration 3000-3999; the Redis bus takes 3200-3299 (kept here until LightningEventId has a Collaboration block).
    const int DeadLetteredId = 3300;
    const int LeasesReapedId = 3301;
    const int MaintenanceFailedId = 3302;
    const int UnreadableEntryId = 3303;
    const int ReceiveFailedId = 3304;

    [LoggerMessage(EventId = DeadLetteredId, Level = LogLevel.Warning, Message = "Message {MessageId} dead-lettered from {Stream}: {Reason}")]
    public static partial void DeadLettered(ILogger logger, string messageId, string stream, string reason);

    [LoggerMessage(EventId = LeasesReapedId, Level = LogLevel.Information, Message = "{Count} deliveries not settled within {LeaseTimeout} were put back")]
    public static partial void LeasesReaped(ILogger logger, long count, TimeSpan leaseTimeout);

    [LoggerMessage(EventId = MaintenanceFailedId, Level = LogLevel.Warning, Message = "Redis bus maintenance (retries, leases) failed; trying again")]
    public static partial void MaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = UnreadableEntryId, Level = LogLevel.Error,
        Message = "Entry {EntryId} of {Stream} is not a message this build can read; it stays pending and is dead-lettered when its lease runs out")]
    public static partial void UnreadableEntry(ILogger logger, string entryId, string stream, Exception exception);

    [LoggerMessage(EventId = ReceiveFailedId, Level = LogLevel.Warning, Message = "Consumer {Consumer} could not read from Redis; retrying in a second")]
    public static partial void ReceiveFailed(ILogger logger, string consumer, Exception exception);
}
