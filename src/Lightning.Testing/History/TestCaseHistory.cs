using Lightning.Testing.Results;

namespace Lightning.Testing.History;

/// <summary>
/// One test over its recent runs, newest first, and what they add up to. <see cref="PassRate"/> counts flaky runs as
/// passes (they passed in the end) and leaves skipped runs out; null when the test never ran to an outcome.
/// </summary>
public sealed record TestCaseHistory(
    string Id,
    string? Repository,
    int Runs,
    int Passed,
    int Failed,
    int Errored,
    int Skipped,
    int Flaky,
    double? PassRate,
    TimeSpan? AverageDuration,
    IReadOnlyList<TestCaseHistoryEntry> Entries);

/// <summary>The test in one run.</summary>
public sealed record TestCaseHistoryEntry(
    string RunId, string Repository, DateTimeOffset At, TestOutcome Outcome, TimeSpan? Duration, int Attempts, string? FailureMessage, string? CommitSha);
