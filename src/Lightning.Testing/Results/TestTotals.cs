namespace Lightning.Testing.Results;

/// <summary>
/// Counts of a run by outcome. <see cref="SuiteErrors"/> counts failures outside any case (a package that did not
/// build), which <see cref="Succeeded"/> takes into account: a run with no failed case can still have failed.
/// </summary>
public sealed record TestTotals(int Total, int Passed, int Failed, int Errored, int Skipped, int Flaky, int SuiteErrors, TimeSpan Duration)
{
    public static readonly TestTotals Empty = new(0, 0, 0, 0, 0, 0, 0, TimeSpan.Zero);

    /// <summary>True when nothing failed or errored; flaky cases passed in the end and do not fail a run.</summary>
    public bool Succeeded => Failed == 0 && Errored == 0 && SuiteErrors == 0;

    public static TestTotals Of(IEnumerable<TestCase> cases, int suiteErrors = 0)
    {
        ArgumentNullException.ThrowIfNull(cases);
        int total = 0, passed = 0, failed = 0, errored = 0, skipped = 0, flaky = 0;
        var duration = TimeSpan.Zero;
        foreach (var testCase in cases)
        {
            total++;
            duration += testCase.Duration ?? TimeSpan.Zero;
            switch (testCase.Outcome)
            {
                case TestOutcome.Passed: passed++; break;
                case TestOutcome.Failed: failed++; break;
                case TestOutcome.Errored: errored++; break;
                case TestOutcome.Skipped: skipped++; break;
                case TestOutcome.Flaky: flaky++; break;
            }
        }

        return new TestTotals(total, passed, failed, errored, skipped, flaky, suiteErrors, duration);
    }

    public TestTotals Add(TestTotals other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new TestTotals(
            Total + other.Total, Passed + other.Passed, Failed + other.Failed, Errored + other.Errored,
            Skipped + other.Skipped, Flaky + other.Flaky, SuiteErrors + other.SuiteErrors, Duration + other.Duration);
    }
}
