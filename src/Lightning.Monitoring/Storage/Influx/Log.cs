using Microsoft.Extensions.Logging;

namespace Lightning.Monitoring.Storage.Influx;

/// <summary>Monitoring module, the InfluxDB store and its migrations 6150-6199 (see LightningEventId).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6150, Level = LogLevel.Warning, Message = "Could not create the InfluxDB database {Database} ({Reason}); using it as it is")]
    public static partial void DatabaseNotCreated(ILogger logger, string database, string reason);

    [LoggerMessage(EventId = 6151, Level = LogLevel.Warning, Message = "{Count} NaN or infinite values left out of a write to InfluxDB database {Database}")]
    public static partial void NonFiniteSkipped(ILogger logger, int count, string database);

    [LoggerMessage(EventId = 6152, Level = LogLevel.Information, Message = "Imported {Rows} rows of {Series} series from InfluxDB database {Database}")]
    public static partial void Imported(ILogger logger, long rows, int series, string database);

    [LoggerMessage(EventId = 6153, Level = LogLevel.Information, Message = "Exported {Rows} rows of {Series} series to InfluxDB database {Database}")]
    public static partial void Exported(ILogger logger, long rows, int series, string database);
}
