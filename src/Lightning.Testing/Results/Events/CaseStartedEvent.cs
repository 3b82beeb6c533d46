namespace Lightning.Testing.Results.Events;

/// <summary>A case began in suite <see cref="SuiteKey"/>; <see cref="TestEvent.At"/> is its start.</summary>
public sealed record CaseStartedEvent : TestEvent
{
    public const string TypeName = "case-started";

    public required string SuiteKey { get; init; }

    public required string CaseKey { get; init; }

    public required string Id { get; init; }

    public required string Name { get; init; }

    public string? ClassName { get; init; }

    public string? File { get; init; }

    public int? Line { get; init; }
}
