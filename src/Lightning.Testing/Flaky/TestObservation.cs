using Lightning.Testing.Results;

namespace Lightning.Testing.Flaky;

/// <summary>A test in one recorded run: the raw material of flakiness verdicts.</summary>
public sealed record TestObservation(
    string RunId, DateTimeOffset At, string? CommitSha, TestOutcome Outcome, int Attempts, string? FailureMessage)
{
    /// <summary>Failed or errored in the end (a flaky outcome passed in the end).</summary>
    public bool Failed => Outcome is TestOutcome.Failed or TestOutcome.Errored;

    public bool Decided => Outcome is not TestOutcome.Skipped;

    public TimeSpan? Duration { get; init; }
}
