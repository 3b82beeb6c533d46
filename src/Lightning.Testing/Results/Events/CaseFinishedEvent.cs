namespace Lightning.Testing.Results.Events;

/// <summary>
/// A case ended. The event's type says how (passed, failed, skipped); <see cref="Outcome"/> says it exactly
/// (a passed event may be flaky, a failed one errored).
/// </summary>
public abstract record CaseFinishedEvent : TestEvent
{
    public required string CaseKey { get; init; }

    public required TestOutcome Outcome { get; init; }

    public TimeSpan? Duration { get; init; }

    public IReadOnlyList<TestFailure> Failures { get; init; } = [];

    public TestSkip? Skip { get; init; }

    public IReadOnlyList<TestProperty> Properties { get; init; } = [];

    /// <summary>The finish event for a case's outcome.</summary>
    public static CaseFinishedEvent For(TestCase testCase, string caseKey, DateTimeOffset? at)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        CaseFinishedEvent finished = testCase.Outcome switch
        {
            TestOutcome.Passed or TestOutcome.Flaky => new CasePassedEvent { CaseKey = caseKey, Outcome = testCase.Outcome },
            TestOutcome.Skipped => new CaseSkippedEvent { CaseKey = caseKey, Outcome = testCase.Outcome },
            _ => new CaseFailedEvent { CaseKey = caseKey, Outcome = testCase.Outcome },
        };
        return finished with
        {
            At = at,
            Duration = testCase.Duration,
            Failures = testCase.Failures,
            Skip = testCase.Skip,
            Properties = testCase.Properties,
        };
    }
}
