namespace Lightning.Testing.Results.Events;

/// <summary>A suite began, inside <see cref="ParentKey"/> when nested; <see cref="TestEvent.At"/> is its timestamp.</summary>
public sealed record SuiteStartedEvent : TestEvent
{
    public const string TypeName = "suite-started";

    public required string SuiteKey { get; init; }

    public string? ParentKey { get; init; }

    public required string Name { get; init; }

    public string? File { get; init; }

    public string? Hostname { get; init; }

    public IReadOnlyList<TestProperty> Properties { get; init; } = [];
}
