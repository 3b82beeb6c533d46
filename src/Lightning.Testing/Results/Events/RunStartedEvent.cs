namespace Lightning.Testing.Results.Events;

/// <summary>The run began; <see cref="TestEvent.At"/> is its start.</summary>
public sealed record RunStartedEvent : TestEvent
{
    public const string TypeName = "run-started";

    public string? Name { get; init; }

    public string? Framework { get; init; }

    public IReadOnlyList<TestProperty> Properties { get; init; } = [];
}
