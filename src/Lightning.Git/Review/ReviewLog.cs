using Microsoft.Extensions.Logging;

namespace Lightning.Git.Review;

/// <summary>Review log events, 4540-4579. Diff text and model answers are never logged: they may hold secrets.</summary>
internal static partial class ReviewLog
{
    [LoggerMessage(EventId = 4540, Level = LogLevel.Information, Message = "Reviewed {Files} file(s) from {BaseCommit} to {HeadCommit}: {Findings} finding(s) in {Elapsed}")]
    public static partial void Reviewed(ILogger logger, int files, string baseCommit, string headCommit, int findings, TimeSpan elapsed);

    [LoggerMessage(EventId = 4541, Level = LogLevel.Warning, Message = "The LLM reviewer's answer was not used: {Reason}")]
    public static partial void LlmAnswerUnusable(ILogger logger, string reason);

    [LoggerMessage(EventId = 4542, Level = LogLevel.Information, Message = "The LLM reviewer proposed {Rejected} finding(s) outside the diff; they were dropped")]
    public static partial void LlmFindingsRejected(ILogger logger, int rejected);
}
