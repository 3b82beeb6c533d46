namespace Lightning.Testing.Results.Events;

/// <summary>A suite ended, with its failures outside any case.</summary>
public sealed record SuiteFinishedEvent : TestEvent
{
    public const string TypeName = "suite-finished";

    public required string SuiteKey { get; init; }

    public TimeSpan? Duration { get; init; }

    public IReadOnlyList<TestFailure> Errors { get; init; } = [];
}
