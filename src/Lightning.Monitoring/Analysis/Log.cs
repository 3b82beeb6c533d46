using Microsoft.Extensions.Logging;

namespace Lightning.Monitoring.Analysis;

/// <summary>Monitoring module, analysis 6300-6399 (see LightningEventId).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6300, Level = LogLevel.Debug, Message = "Analysis {Analysis} read {Series} series ({Points} points) of {Measurement}.{Field} in {ElapsedMs:0.0} ms")]
    public static partial void Analysed(ILogger logger, string analysis, int series, long points, string measurement, string field, double elapsedMs);

    [LoggerMessage(EventId = 6301, Level = LogLevel.Information, Message = "Anomaly found in {Series}: score {Score:0.00}")]
    public static partial void AnomalyFound(ILogger logger, string series, double score);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Debug, Message = "Host usage of {Host} over {Window} has no data for {Measurement}")]
    public static partial void NoHostData(ILogger logger, string host, TimeSpan window, string measurement);

    [LoggerMessage(EventId = 6310, Level = LogLevel.Information, Message = "Platform event recorded: {Kind} '{Title}' from {Source} at {At:O}")]
    public static partial void EventRecorded(ILogger logger, string kind, string title, string source, DateTimeOffset at);

    [LoggerMessage(EventId = 6311, Level = LogLevel.Warning, Message = "Platform event source {Source} failed; its events are left out")]
    public static partial void EventSourceFailed(ILogger logger, Exception exception, string source);

    [LoggerMessage(EventId = 6312, Level = LogLevel.Debug, Message = "Root cause for the onset {Onset:O}: {Events} events, {Candidates} candidate queries, {Hints} hints")]
    public static partial void RootCauseRanked(ILogger logger, DateTimeOffset onset, int events, int candidates, int hints);
}
