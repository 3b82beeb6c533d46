namespace Lightning.Testing.Results.Events;

/// <summary>The run ended; <see cref="TestEvent.At"/> is its end. <see cref="Totals"/> is a summary for readers that only want the end.</summary>
public sealed record RunFinishedEvent : TestEvent
{
    public const string TypeName = "run-finished";

    public TimeSpan? Duration { get; init; }

    public TestTotals? Totals { get; init; }

    public IReadOnlyList<TestRunMessage> Messages { get; init; } = [];
}
