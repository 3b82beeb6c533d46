using Lightning.Core.Diagnostics;

namespace Lightning.Server;

internal static partial class Log
{
    [LoggerMessage(EventId = LightningEventId.DatabaseMigrated, Level = LogLevel.Information, Message = "Database ready ({Provider}); {Recovered} interrupted action(s) marked failed; {Seeded} agent(s) seeded")]
    public static partial void DatabaseReady(ILogger logger, string provider, int recovered, int seeded);

    [LoggerMessage(EventId = LightningEventId.AdminKeyCreated, Level = LogLevel.Warning, Message = "No API key existed: created admin key {KeyId} and printed it once to the console")]
    public static partial void AdminKeyCreated(ILogger logger, string keyId);

    [LoggerMessage(EventId = LightningEventId.AuthenticationFailed, Level = LogLevel.Information, Message = "Rejected an invalid or revoked API key from {RemoteAddress}")]
    public static partial void AuthenticationFailed(ILogger logger, string remoteAddress);

    [LoggerMessage(EventId = LightningEventId.UnhandledException, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    public static partial void UnhandledException(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = LightningEventId.DashboardMissing, Level = LogLevel.Warning, Message = "The dashboard is not built (no {IndexPath}); run scripts/start.sh to build it")]
    public static partial void DashboardMissing(ILogger logger, string indexPath);

    [LoggerMessage(EventId = LightningEventId.GitTriggerStarted, Level = LogLevel.Information, Message = "Started collaboration {CollaborationId} for {Provider} delivery {DeliveryId} ({TaskFile})")]
    public static partial void TriggerStarted(ILogger logger, string collaborationId, string provider, string deliveryId, string taskFile);
}
