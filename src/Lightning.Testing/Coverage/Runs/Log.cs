using Microsoft.Extensions.Logging;

namespace Lightning.Testing.Coverage.Runs;

/// <summary>Testing module, coverage of runs 5350-5399 (see LightningEventId).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5350, Level = LogLevel.Information, Message = "Coverage of test run {RunId}: {LinesCovered}/{LinesTotal} lines in {Files} files; goals {Goals}")]
    public static partial void CoverageRecorded(ILogger logger, string runId, int linesCovered, int linesTotal, int files, string goals);

    [LoggerMessage(EventId = 5351, Level = LogLevel.Information, Message = "Coverage of test run {RunId}: {Files} files imported from {Source}")]
    public static partial void CoverageImported(ILogger logger, string runId, int files, string source);

    [LoggerMessage(EventId = 5352, Level = LogLevel.Debug, Message = "The source of {Path} at {Commit} could not be read from git: {Reason}")]
    public static partial void SourceNotInCommit(ILogger logger, string path, string commit, string reason);
}
