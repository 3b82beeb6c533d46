namespace Lightning.Testing.Results;

/// <summary>
/// One run of tests as a report describes it: the result model every parser produces and every exporter reads.
/// Immutable; serialises with <see cref="Lightning.Core.Serialization.LightningJson"/> (camelCase, kebab-case enums).
/// </summary>
public sealed record TestRun
{
    public string? Name { get; init; }

    /// <summary>The framework that produced the report when it can be told (pytest, jest, go, junit5, phpunit, rspec, dotnet, surefire, node).</summary>
    public string? Framework { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public TimeSpan? Duration { get; init; }

    public IReadOnlyList<TestSuite> Suites { get; init; } = [];

    /// <summary>Output that belongs to no suite (TRX's run output, compiler messages between go test's JSON events).</summary>
    public string? Stdout { get; init; }

    public string? Stderr { get; init; }

    public IReadOnlyList<TestRunMessage> Messages { get; init; } = [];

    public IReadOnlyList<TestProperty> Properties { get; init; } = [];

    /// <summary>Counts by outcome and summed case durations, over every suite.</summary>
    public TestTotals Totals => TestTotals.Of(EnumerateCases(), EnumerateSuites().Sum(suite => suite.Errors.Count));

    public IEnumerable<TestCase> EnumerateCases() => Suites.SelectMany(suite => suite.EnumerateCases());

    public IEnumerable<TestSuite> EnumerateSuites() => Suites.SelectMany(suite => suite.EnumerateSuites());
}
