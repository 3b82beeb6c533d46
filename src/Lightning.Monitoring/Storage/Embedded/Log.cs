using Microsoft.Extensions.Logging;

namespace Lightning.Monitoring.Storage.Embedded;

/// <summary>The embedded store's log events: ids 6000-6099.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Metric store opened at {Path}: {Series} series")]
    public static partial void StoreOpened(ILogger logger, string path, int series);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Error, Message = "Metric store commit of {Batches} batches ({Rows} rows) failed")]
    public static partial void CommitFailed(ILogger logger, int batches, long rows, Exception exception);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Debug, Message = "Compacted {Rows} points older than {Cutoff} in {ElapsedMs} ms")]
    public static partial void Compacted(ILogger logger, long rows, DateTimeOffset cutoff, long elapsedMs);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Retention deleted {Rows} expired points")]
    public static partial void RetentionApplied(ILogger logger, long rows);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Metric store backed up to {Path}")]
    public static partial void BackupWritten(ILogger logger, string path);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Metric store maintenance failed; it runs again at the next interval")]
    public static partial void MaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "Metric store restored from {Backup} to {Path}")]
    public static partial void Restored(ILogger logger, string backup, string path);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "Metric store converted {Points} points of the old points table into compacted chunks")]
    public static partial void LegacyPointsConverted(ILogger logger, long points);
}
