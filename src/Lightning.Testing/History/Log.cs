using Microsoft.Extensions.Logging;

namespace Lightning.Testing.History;

/// <summary>Testing module, History 5200-5299 (see LightningEventId).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5200, Level = LogLevel.Information, Message = "Test run {RunId} of {Repository} queued by {RequestedBy}")]
    public static partial void RunQueued(ILogger logger, string runId, string repository, string requestedBy);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Test run {RunId} {Status}: {Passed} passed, {Failed} failed of {Total}")]
    public static partial void RunFinished(ILogger logger, string runId, string status, int passed, int failed, int total);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Error, Message = "Test run {RunId} failed unexpectedly")]
    public static partial void RunCrashed(ILogger logger, Exception exception, string runId);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Warning, Message = "{Count} events of test run {RunId} could not be stored yet; retrying with the next batch")]
    public static partial void EventsNotStored(ILogger logger, Exception exception, string runId, int count);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Error, Message = "Test run {RunId} finished but could not be recorded")]
    public static partial void RunNotRecorded(ILogger logger, Exception exception, string runId);

    [LoggerMessage(EventId = 5205, Level = LogLevel.Information, Message = "Test run {RunId} of {Repository} imported from {Source} ({Total} tests)")]
    public static partial void RunImported(ILogger logger, string runId, string repository, string source, int total);

    [LoggerMessage(EventId = 5206, Level = LogLevel.Warning, Message = "{Observer} failed on test run {RunId}; the run is recorded as it was")]
    public static partial void ObserverFailed(ILogger logger, Exception exception, string observer, string runId);
}
