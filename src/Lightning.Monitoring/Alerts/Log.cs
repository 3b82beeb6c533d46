using Microsoft.Extensions.Logging;

namespace Lightning.Monitoring.Alerts;

/// <summary>Monitoring module, Alerts 6400-6599 (see LightningEventId). Never a channel's URL, password or secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6400, Level = LogLevel.Information, Message = "Alert {AlertId} of rule {Rule} went from {From} to {To}")]
    public static partial void StateChanged(ILogger logger, string alertId, string rule, string from, string to);

    [LoggerMessage(EventId = 6401, Level = LogLevel.Warning, Message = "Alert rule {Rule} could not be evaluated: {Error}")]
    public static partial void EvaluationFailed(ILogger logger, string rule, string error);

    [LoggerMessage(EventId = 6402, Level = LogLevel.Error, Message = "The alert evaluation loop failed; it goes on at the next tick")]
    public static partial void LoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6410, Level = LogLevel.Information, Message = "Notification {DeliveryId} sent by channel {Channel} ({Type}) after {Attempts} attempts")]
    public static partial void Delivered(ILogger logger, string deliveryId, string channel, string type, int attempts);

    [LoggerMessage(EventId = 6411, Level = LogLevel.Warning, Message = "Notification {DeliveryId} by channel {Channel} ({Type}) failed after {Attempts} attempts: {Error}")]
    public static partial void DeliveryFailed(ILogger logger, string deliveryId, string channel, string type, int attempts, string error);

    [LoggerMessage(EventId = 6412, Level = LogLevel.Information, Message = "Notification {DeliveryId} to {Host}: attempt {Attempt} in {Delay} ({Reason})")]
    public static partial void Retrying(ILogger logger, string deliveryId, string host, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 6413, Level = LogLevel.Information, Message = "Alert {AlertId} escalated to step {Step} of policy {Policy}")]
    public static partial void Escalated(ILogger logger, string alertId, int step, string policy);
}
