namespace Lightning.Testing.Results;

/// <summary>
/// A group of cases: a JUnit testsuite, a test class, a Go package, a TAP subtest. Suites nest as the report nests
/// them (PHPUnit's data providers, TAP 14 subtests); <see cref="Errors"/> are failures of the suite itself, outside
/// any case (a package that did not build, a class whose setup threw, a subtest whose plan was not met).
/// </summary>
public sealed record TestSuite
{
    public required string Name { get; init; }

    public string? File { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public TimeSpan? Duration { get; init; }

    public string? Hostname { get; init; }

    public IReadOnlyList<TestProperty> Properties { get; init; } = [];

    public IReadOnlyList<TestCase> Cases { get; init; } = [];

    public IReadOnlyList<TestSuite> Suites { get; init; } = [];

    public IReadOnlyList<TestFailure> Errors { get; init; } = [];

    public string? Stdout { get; init; }

    public string? Stderr { get; init; }

    /// <summary>Every case of this suite and its nested suites, depth first.</summary>
    public IEnumerable<TestCase> EnumerateCases()
    {
        foreach (var testCase in Cases)
        {
            yield return testCase;
        }

        foreach (var suite in Suites)
        {
            foreach (var testCase in suite.EnumerateCases())
            {
                yield return testCase;
            }
        }
    }

    /// <summary>This suite and every nested suite, depth first.</summary>
    public IEnumerable<TestSuite> EnumerateSuites()
    {
        yield return this;
        foreach (var suite in Suites)
        {
            foreach (var nested in suite.EnumerateSuites())
            {
                yield return nested;
            }
        }
    }
}
