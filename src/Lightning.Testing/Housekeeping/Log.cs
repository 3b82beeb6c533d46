using Microsoft.Extensions.Logging;

namespace Lightning.Testing.Housekeeping;

/// <summary>Testing module, Housekeeping 5750-5759 (the notifications block, 5700-5799).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5750, Level = LogLevel.Information, Message = "Pruned {Count} test runs (retention: {Days} days, {MaxRuns} runs per repository)")]
    public static partial void RunsPruned(ILogger logger, int count, int? days, int? maxRuns);

    [LoggerMessage(EventId = 5751, Level = LogLevel.Warning, Message = "Pruning test runs failed; trying again at the next interval")]
    public static partial void PruneFailed(ILogger logger, Exception exception);
}
