using Microsoft.Extensions.Logging;

namespace Lightning.Server.Monitoring;

/// <summary>The monitoring operations' log events (export, import, backups, retention, migrations): ids 9200-9249.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 9200, Level = LogLevel.Information, Message = "Migration {Id} ({Direction}, database {Database}) started")]
    public static partial void MigrationStarted(ILogger logger, string id, string direction, string database);

    [LoggerMessage(EventId = 9201, Level = LogLevel.Information, Message = "Migration {Id} finished: {Points} points copied")]
    public static partial void MigrationFinished(ILogger logger, string id, long points);

    [LoggerMessage(EventId = 9202, Level = LogLevel.Warning, Message = "Migration {Id} failed after {Points} points: {Reason}")]
    public static partial void MigrationFailed(ILogger logger, string id, long points, string reason);

    [LoggerMessage(EventId = 9203, Level = LogLevel.Information, Message = "Metric backup {Name} written: {Bytes} bytes, {Points} points")]
    public static partial void BackupCreated(ILogger logger, string name, long bytes, long points);

    [LoggerMessage(EventId = 9204, Level = LogLevel.Information, Message = "Metric backup {Name} deleted")]
    public static partial void BackupDeleted(ILogger logger, string name);

    [LoggerMessage(EventId = 9205, Level = LogLevel.Information, Message = "Retention of {Measurement} set to {Retention}")]
    public static partial void RetentionSet(ILogger logger, string measurement, string retention);

    [LoggerMessage(EventId = 9206, Level = LogLevel.Error, Message = "The retention policies file {Path} could not be read; the configured retention applies")]
    public static partial void RetentionFileUnreadable(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 9207, Level = LogLevel.Warning, Message = "Metric export of {Measurement} stopped after {Rows} rows")]
    public static partial void ExportStopped(ILogger logger, string measurement, long rows, Exception exception);

    [LoggerMessage(EventId = 9208, Level = LogLevel.Information, Message = "Metric import: {Rows} points written from {Lines} lines, {Rejected} lines refused")]
    public static partial void Imported(ILogger logger, int rows, int lines, int rejected);
}
