namespace Lightning.Testing.Results.Events;

/// <summary>A case failed (outcome failed) or errored (outcome errored).</summary>
public sealed record CaseFailedEvent : CaseFinishedEvent
{
    public const string TypeName = "failed";
}
