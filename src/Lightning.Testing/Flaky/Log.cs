using Microsoft.Extensions.Logging;

namespace Lightning.Testing.Flaky;

/// <summary>Testing module, flaky tests and the suite optimizer 5500-5599 (see LightningEventId).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5500, Level = LogLevel.Information, Message = "Test {CaseId} of {Repository} quarantined by {By}")]
    public static partial void Quarantined(ILogger logger, string caseId, string repository, string by);

    [LoggerMessage(EventId = 5501, Level = LogLevel.Information, Message = "Test {CaseId} of {Repository} released from quarantine by {By}")]
    public static partial void Released(ILogger logger, string caseId, string repository, string by);

    [LoggerMessage(EventId = 5502, Level = LogLevel.Information, Message = "Test {CaseId} of {Repository} is flaky ({Kind}, score {Score:0.00})")]
    public static partial void FlakyFound(ILogger logger, string caseId, string repository, string kind, double score);

    [LoggerMessage(EventId = 5503, Level = LogLevel.Information, Message = "Rerunning {CaseId} of {Repository} up to {Reruns} times")]
    public static partial void Rerunning(ILogger logger, string caseId, string repository, int reruns);

    [LoggerMessage(EventId = 5504, Level = LogLevel.Information, Message = "Test {CaseId} of {Repository} fails after {AfterCaseId}")]
    public static partial void OrderDependencyFound(ILogger logger, string caseId, string repository, string afterCaseId);

    [LoggerMessage(EventId = 5505, Level = LogLevel.Warning, Message = "The change set of {Repository} between {From} and {To} could not be read")]
    public static partial void ChangeSetUnknown(ILogger logger, Exception exception, string repository, string from, string to);

    [LoggerMessage(EventId = 5506, Level = LogLevel.Warning, Message = "Test {CaseId} of {Repository} could not be rerun")]
    public static partial void RerunFailed(ILogger logger, Exception exception, string caseId, string repository);
}
