namespace Lightning.Server;

internal static partial class Log
{
    [LoggerMessage(EventId = 9010, Level = LogLevel.Information, Message = "Collaboration bus: {Transport} at {Where}, prefix {Prefix}")]
    public static partial void BusConnected(ILogger logger, string transport, string where, string prefix);
}
