using Microsoft.Extensions.Logging;

namespace Lightning.Cli.Commands;

internal static partial class WorkerLog
{
    [LoggerMessage(EventId = 3450, Level = LogLevel.Warning, Message = "Heartbeat failed: {Reason}")]
    public static partial void HeartbeatFailed(ILogger logger, string reason);
}
