namespace Lightning.Testing.Results;

/// <summary>How a test case ended. Every report format is mapped onto these five.</summary>
public enum TestOutcome
{
    Passed,

    /// <summary>An assertion did not hold.</summary>
    Failed,

    /// <summary>The test could not run to its assertions: an unexpected exception, a broken fixture, a timeout.</summary>
    Errored,

    Skipped,

    /// <summary>Failed, then passed on a retry within the same run; the failed runs are in <see cref="TestCase.Attempts"/>.</summary>
    Flaky,
}
