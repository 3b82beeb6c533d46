using Microsoft.Extensions.Logging;

namespace Lightning.Testing.Notifications;

/// <summary>Testing module, Notifications and Parallel 5700-5799 (see LightningEventId). Never a secret, a URL's query or a password.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5700, Level = LogLevel.Information, Message = "Notification {DeliveryId} of rule {Rule} sent by {Channel} for {RunId} after {Attempts} attempts")]
    public static partial void Delivered(ILogger logger, string deliveryId, string rule, string channel, string runId, int attempts);

    [LoggerMessage(EventId = 5701, Level = LogLevel.Warning, Message = "Notification {DeliveryId} of rule {Rule} by {Channel} for {RunId} failed after {Attempts} attempts: {Error}")]
    public static partial void DeliveryFailed(ILogger logger, string deliveryId, string rule, string channel, string runId, int attempts, string error);

    [LoggerMessage(EventId = 5702, Level = LogLevel.Information, Message = "Webhook {DeliveryId} to {Host}: attempt {Attempt} in {Delay} ({Reason})")]
    public static partial void WebhookRetrying(ILogger logger, string deliveryId, string host, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 5703, Level = LogLevel.Information, Message = "Email {DeliveryId} through {Host}: attempt {Attempt} in {Delay} ({Reason})")]
    public static partial void EmailRetrying(ILogger logger, string deliveryId, string host, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 5704, Level = LogLevel.Error, Message = "Notification {DeliveryId} of rule {Rule} could not be sent")]
    public static partial void DeliveryCrashed(ILogger logger, Exception exception, string deliveryId, string rule);
}
