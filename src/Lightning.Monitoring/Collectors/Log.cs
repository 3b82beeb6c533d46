using Microsoft.Extensions.Logging;

namespace Lightning.Monitoring.Collectors;

/// <summary>Collector log events, 6200-6299. Connection strings and URLs' credentials are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6200, Level = LogLevel.Information, Message = "Collector {Collector} started, every {Interval}")]
    public static partial void CollectorStarted(ILogger logger, string collector, TimeSpan interval);

    [LoggerMessage(EventId = 6201, Level = LogLevel.Warning, Message = "Collector {Collector} failed; the others go on")]
    public static partial void CollectorFailed(ILogger logger, Exception exception, string collector);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Warning, Message = "Writing {Rows} rows of collector {Collector} to the {Store} store failed")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string collector, int rows, string store);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Warning, Message = "Host collectors need /proc (Linux); {Root} is not readable on {Os}: host and process collectors are off")]
    public static partial void ProcMissing(ILogger logger, string root, string os);

    [LoggerMessage(EventId = 6204, Level = LogLevel.Debug, Message = "Host reader {Reader} failed; the other readers go on")]
    public static partial void ReaderFailed(ILogger logger, Exception exception, string reader);

    [LoggerMessage(EventId = 6205, Level = LogLevel.Debug, Message = "HTTP check {Check} failed: {Reason}")]
    public static partial void HttpCheckFailed(ILogger logger, string check, string reason);

    [LoggerMessage(EventId = 6206, Level = LogLevel.Warning, Message = "pg_stat_statements of {Server} could not be read: {Reason}")]
    public static partial void PostgresFailed(ILogger logger, string server, string reason);

    [LoggerMessage(EventId = 6207, Level = LogLevel.Debug, Message = "Collector {Collector} took {Elapsed} (longer than its interval {Interval})")]
    public static partial void CollectorSlow(ILogger logger, string collector, TimeSpan elapsed, TimeSpan interval);

    [LoggerMessage(EventId = 6208, Level = LogLevel.Warning,
        Message = "Platform-run processes reached {Cap} program names (Lightning:Monitoring:Collectors:Processes:MaxPlatformSeries): '{Program}' and any later program are added up under process_name=(other)")]
    public static partial void PlatformSeriesCapReached(ILogger logger, int cap, string program);

    [LoggerMessage(EventId = 6209, Level = LogLevel.Warning,
        Message = "Instrument {Instrument} reached {Cap} tag combinations (Lightning:Monitoring:Collectors:Runtime:MaxSeriesPerInstrument): later combinations are added up under otel.metric.overflow=true")]
    public static partial void InstrumentSeriesCapReached(ILogger logger, string instrument, int cap);
}
