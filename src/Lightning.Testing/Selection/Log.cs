using Microsoft.Extensions.Logging;

namespace Lightning.Testing.Selection;

/// <summary>Selection and watch log lines; Testing uses event ids 5000-5999, selection 5400-5499.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5400, Level = LogLevel.Information,
        Message = "Selected {Count} tests in '{Repository}' for {Changes} ({Mode}); everything runs: {RunAll}")]
    public static partial void Selected(ILogger logger, string repository, string changes, SelectionMode mode, int count, bool runAll);

    [LoggerMessage(EventId = 5401, Level = LogLevel.Information, Message = "Built the coverage map of '{Project}' in '{Repository}' at {Commit}: {Tests} tests, {Files} files")]
    public static partial void MapBuilt(ILogger logger, string repository, string project, string? commit, int tests, int files);

    [LoggerMessage(EventId = 5402, Level = LogLevel.Warning, Message = "Failure history of '{Repository}' could not be read; fast mode ranks by proximity only")]
    public static partial void HistoryUnavailable(ILogger logger, string repository, Exception exception);

    [LoggerMessage(EventId = 5450, Level = LogLevel.Warning, Message = "A watch run of '{Project}' in '{Repository}' could not be recorded in history")]
    public static partial void WatchRunNotRecorded(ILogger logger, string repository, string project, Exception exception);
}
