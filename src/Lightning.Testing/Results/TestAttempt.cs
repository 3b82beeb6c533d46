namespace Lightning.Testing.Results;

/// <summary>
/// One run of a case that was retried within a run (Surefire's flaky and rerun elements, our own retry policy).
/// A case that ran once has no attempts; otherwise every attempt is listed in order, the last being the final one.
/// </summary>
public sealed record TestAttempt
{
    public required int Number { get; init; }

    public required TestOutcome Outcome { get; init; }

    public TimeSpan? Duration { get; init; }

    public TestFailure? Failure { get; init; }

    public string? Stdout { get; init; }

    public string? Stderr { get; init; }
}
