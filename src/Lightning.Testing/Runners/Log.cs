using Microsoft.Extensions.Logging;

namespace Lightning.Testing.Runners;

/// <summary>The runner's log lines; Testing uses event ids 5000-5999, the runners 5100-5199.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Running {Framework} tests in '{Project}' of '{Repository}'")]
    public static partial void ProjectStarted(ILogger logger, string project, string framework, string repository);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information,
        Message = "Tests in '{Project}' finished: {Passed} passed, {Failed} failed, {Flaky} flaky; error: {Error}")]
    public static partial void ProjectFinished(ILogger logger, string project, int passed, int failed, int flaky, string? error);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Retry {Retry} in '{Project}': {Count} failed cases run again")]
    public static partial void RetryStarted(ILogger logger, string project, int retry, int count);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Tests in '{Project}' timed out; the process tree of {Program} was killed")]
    public static partial void ProjectTimedOut(ILogger logger, string project, string program);
}
