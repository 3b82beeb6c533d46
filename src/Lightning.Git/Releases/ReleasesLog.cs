using Microsoft.Extensions.Logging;

namespace Lightning.Git.Releases;

/// <summary>Log messages of releases; event ids 4400-4499.</summary>
internal static partial class ReleasesLog
{
    [LoggerMessage(EventId = 4400, Level = LogLevel.Information, Message = "Released {Tag} at {Commit} in {Repository}")]
    public static partial void Released(ILogger logger, string tag, string commit, string repository);

    [LoggerMessage(EventId = 4401, Level = LogLevel.Debug, Message = "Generated commit message {Subject} for {FileCount} staged files")]
    public static partial void CommitMessageGenerated(ILogger logger, string subject, int fileCount);

    [LoggerMessage(EventId = 4402, Level = LogLevel.Warning, Message = "The language model did not write a commit body; the message goes without one")]
    public static partial void CommitBodyFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4403, Level = LogLevel.Information, Message = "Updated changelog {File} for {Tag}")]
    public static partial void ChangelogUpdated(ILogger logger, string file, string tag);
}
