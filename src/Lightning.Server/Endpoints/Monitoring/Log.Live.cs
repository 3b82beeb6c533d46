namespace Lightning.Server;

internal static partial class Log
{
    [LoggerMessage(EventId = 9100, Level = LogLevel.Warning, Message = "Live monitoring client dropped: it took no message for {Seconds} s")]
    public static partial void LiveClientTooSlow(ILogger logger, int seconds);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message = "Live subscription {Id} on {Measurement} could not be refreshed")]
    public static partial void LiveRefreshFailed(ILogger logger, Exception exception, string id, string measurement);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "Alert stream client dropped: it took no message for {Seconds} s")]
    public static partial void AlertStreamClientTooSlow(ILogger logger, int seconds);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Information, Message = "Dashboard report for {DashboardId}: {Pages} page(s), {Bytes} bytes")]
    public static partial void DashboardReportWritten(ILogger logger, string dashboardId, int pages, int bytes);
}
