namespace Lightning.Testing.Flaky;

/// <summary>What a piece of evidence is.</summary>
public enum FlakySignal
{
    /// <summary>The test failed, then passed on a retry within one run (its attempts are recorded).</summary>
    PassedOnRetry,

    /// <summary>It passed in one run and failed in the next (or the reverse) on the same commit.</summary>
    FlipOnSameCommit,

    /// <summary>It flipped between two commits whose changes touch none of the files the test is or imports.</summary>
    FlipWithoutChange,

    /// <summary>It failed, then passed when just that test was run again (a targeted rerun).</summary>
    PassedOnRerun,

    /// <summary>It fails when it runs after another test, and passes otherwise.</summary>
    FailsAfterTest,
}

/// <summary>
/// One reason a test is (or is not) called flaky: the runs involved, their commits, the attempts, and a sentence.
/// <see cref="Weight"/> is how much it adds to the score (independent signals combine as 1 − Π(1 − w)).
/// </summary>
public sealed record FlakyEvidence(FlakySignal Signal, double Weight, string Detail)
{
    public IReadOnlyList<string> Runs { get; init; } = [];

    public IReadOnlyList<string> Commits { get; init; } = [];

    /// <summary>Attempts of the retried run, or reruns made: their outcomes in order.</summary>
    public IReadOnlyList<string> Attempts { get; init; } = [];

    public DateTimeOffset? At { get; init; }
}
