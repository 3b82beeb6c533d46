namespace Lightning.Testing.Results.Events;

/// <summary>
/// Output written by a case (<see cref="CaseKey"/>), by a suite outside its cases (<see cref="SuiteKey"/>), or by
/// the run (neither). Several events for the same owner and stream are concatenated.
/// </summary>
public sealed record OutputEvent : TestEvent
{
    public const string TypeName = "output";

    public string? SuiteKey { get; init; }

    public string? CaseKey { get; init; }

    public TestOutputStream Stream { get; init; }

    public required string Text { get; init; }
}
