namespace Lightning.Testing.Results.Events;

/// <summary>One run of a retried case ended; the case's own finish event follows its last attempt.</summary>
public sealed record AttemptEvent : TestEvent
{
    public const string TypeName = "attempt";

    public required string CaseKey { get; init; }

    public required TestAttempt Attempt { get; init; }
}
