using Microsoft.Extensions.Logging;

namespace Lightning.Testing.Generation.Go;

/// <summary>Testing module, Generation for Go 5620-5639 (see LightningEventId).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5620, Level = LogLevel.Information, Message = "Built the Go test generation helper {Binary} in {Elapsed}")]
    public static partial void HelperBuilt(ILogger logger, string binary, TimeSpan elapsed);

    [LoggerMessage(EventId = 5621, Level = LogLevel.Error, Message = "The Go test generation helper did not build: {Problem}")]
    public static partial void HelperBuildFailed(ILogger logger, string problem);

    [LoggerMessage(EventId = 5622, Level = LogLevel.Debug, Message = "Go candidates in {Directory}: {Count} do not build ({Files})")]
    public static partial void CandidatesDidNotBuild(ILogger logger, string directory, int count, string files);
}
