using Microsoft.Extensions.Logging;

namespace Lightning.Git.Insights;

/// <summary>Insights log events, 4500-4539 (review takes 4540-4579).</summary>
internal static partial class InsightsLog
{
    [LoggerMessage(EventId = 4500, Level = LogLevel.Debug, Message = "Analysed {Commits} commits ({Files} hotspots returned) in {Elapsed}")]
    public static partial void HistoryAnalyzed(ILogger logger, int commits, int files, TimeSpan elapsed);

    [LoggerMessage(EventId = 4501, Level = LogLevel.Debug, Message = "Counted contributions of {Authors} authors over {Commits} commits in {Elapsed}")]
    public static partial void ContributionsCounted(ILogger logger, int authors, int commits, TimeSpan elapsed);
}
