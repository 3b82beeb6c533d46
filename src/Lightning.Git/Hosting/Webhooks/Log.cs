using Microsoft.Extensions.Logging;

namespace Lightning.Git.Hosting.Webhooks;

/// <summary>Webhook receiver log events, 4300-4349. Secrets, tokens and signatures are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4300, Level = LogLevel.Information,
        Message = "Webhook {Provider} (connection {Connection}) {EventName} delivery {DeliveryId} for {Repository} accepted")]
    public static partial void Accepted(ILogger logger, string provider, string? connection, string eventName, string deliveryId, string? repository);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning,
        Message = "Webhook {Provider} (connection {Connection}) delivery rejected ({StatusCode}): {Reason}")]
    public static partial void Rejected(ILogger logger, string provider, string? connection, int statusCode, string reason);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Information,
        Message = "Webhook {Provider} (connection {Connection}) delivery {DeliveryId} already handled; ignored")]
    public static partial void Duplicate(ILogger logger, string provider, string? connection, string deliveryId);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Error,
        Message = "Webhook {Provider} delivery {DeliveryId}: a sink failed; not recorded, so a redelivery is handled again")]
    public static partial void SinkFailed(ILogger logger, Exception exception, string provider, string deliveryId);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Debug,
        Message = "Pruned {Count} webhook delivery ids older than {Cutoff}")]
    public static partial void Pruned(ILogger logger, int count, DateTimeOffset cutoff);
}
