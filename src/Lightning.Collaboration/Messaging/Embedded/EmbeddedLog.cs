using Microsoft.Extensions.Logging;

namespace Lightning.Collaboration.Messaging.Embedded;

internal static partial class EmbeddedLog
{
    // Collaboration 3000-3999; the embedded bus takes 3100-3149.
    const int Opened = 3100;
    const int LeasesRecovered = 3101;
    const int BatchFailed = 3102;
    const int StaleSettlement = 3103;
    const int UnreadableMessage = 3104;
    const int WriterFailed = 3105;
    const int SweepFailed = 3106;
    const int CheckpointFailed = 3107;
    const int TornBodies = 3108;

    [LoggerMessage(EventId = Opened, Level = LogLevel.Information, Message = "Embedded message bus opened at {Path}")]
    public static partial void BusOpened(ILogger logger, string path);

    [LoggerMessage(EventId = LeasesRecovered, Level = LogLevel.Warning,
        Message = "{Count} deliveries were leased when the bus last stopped; they are ready again")]
    public static partial void RecoveredLeases(ILogger logger, int count);

    [LoggerMessage(EventId = BatchFailed, Level = LogLevel.Warning, Message = "A batch of {Count} bus operations failed; retrying them one by one")]
    public static partial void BatchRetried(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = StaleSettlement, Level = LogLevel.Warning,
        Message = "{Settlement} of message {MessageId} came after its lease ran out; the message was already back in the queue")]
    public static partial void SettledTooLate(ILogger logger, string settlement, string messageId);

    [LoggerMessage(EventId = UnreadableMessage, Level = LogLevel.Error, Message = "A stored message cannot be read; it is dead-lettered")]
    public static partial void Unreadable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = SweepFailed, Level = LogLevel.Warning, Message = "Returning expired leases failed; the next batch tries again")]
    public static partial void SweepSkipped(ILogger logger, Exception exception);

    [LoggerMessage(EventId = CheckpointFailed, Level = LogLevel.Debug, Message = "A background checkpoint of the message journal did not run; the next one tries again")]
    public static partial void CheckpointSkipped(ILogger logger, Exception exception);

    [LoggerMessage(EventId = TornBodies, Level = LogLevel.Warning,
        Message = "{Count} messages published just before the machine stopped lost their bodies; their publishes never returned, and they are removed")]
    public static partial void TornBodiesDiscarded(ILogger logger, int count);

    [LoggerMessage(EventId = WriterFailed, Level = LogLevel.Critical, Message = "The embedded bus writer stopped")]
    public static partial void WriterStopped(ILogger logger, Exception exception);
}
