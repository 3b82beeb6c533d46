using Microsoft.Extensions.Logging;

namespace Lightning.Testing.Generation;

/// <summary>Testing module, Generation 5600-5699 (see LightningEventId).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5600, Level = LogLevel.Information, Message = "Test generation for {Repository} ({Language}): {Tried} tried, {Compiled} compiled, {Passed} passed {Runs} runs, {Kept} kept")]
    public static partial void Generated(ILogger logger, string repository, string language, int tried, int compiled, int passed, int runs, int kept);

    [LoggerMessage(EventId = 5601, Level = LogLevel.Warning, Message = "The chat model could not write tests for {Target}: {Problem}")]
    public static partial void ModelFailed(ILogger logger, string target, string problem);

    [LoggerMessage(EventId = 5602, Level = LogLevel.Information, Message = "Generation batch {BatchId} of {Repository} queued by {RequestedBy}")]
    public static partial void BatchQueued(ILogger logger, string batchId, string repository, string requestedBy);

    [LoggerMessage(EventId = 5603, Level = LogLevel.Error, Message = "Generation batch {BatchId} failed unexpectedly")]
    public static partial void BatchCrashed(ILogger logger, Exception exception, string batchId);

    [LoggerMessage(EventId = 5604, Level = LogLevel.Information, Message = "Generation batch {BatchId}: {Count} tests written into {Files} by {RequestedBy}")]
    public static partial void BatchAccepted(ILogger logger, string batchId, int count, string files, string requestedBy);

    [LoggerMessage(EventId = 5605, Level = LogLevel.Information, Message = "Generation batch {BatchId}: cancel requested by {RequestedBy}")]
    public static partial void BatchCancelRequested(ILogger logger, string batchId, string requestedBy);

    [LoggerMessage(EventId = 5606, Level = LogLevel.Information, Message = "Generation batch {BatchId} cancelled; {Judged} candidates had been judged")]
    public static partial void BatchCancelled(ILogger logger, string batchId, int judged);

    [LoggerMessage(EventId = 5607, Level = LogLevel.Warning, Message = "{Count} generation batches left queued or running by a previous process were marked failed")]
    public static partial void BatchesRecovered(ILogger logger, int count);
}
