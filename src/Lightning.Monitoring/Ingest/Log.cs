using Microsoft.Extensions.Logging;

namespace Lightning.Monitoring.Ingest;

/// <summary>Monitoring module, ingest and scraping 6100-6149 (see LightningEventId).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Debug, Message = "Ingested {Rows} rows ({Format}); {Rejected} lines refused")]
    public static partial void Ingested(ILogger logger, int rows, string format, int rejected);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Scrape of {Target} failed: {Reason}")]
    public static partial void ScrapeFailed(ILogger logger, string target, string reason);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Error, Message = "Writing the scrape of {Target} to the metric store failed")]
    public static partial void ScrapeWriteFailed(ILogger logger, Exception exception, string target);
}
