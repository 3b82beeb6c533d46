namespace Lightning.Testing.Results.Events;

/// <summary>A case was skipped.</summary>
public sealed record CaseSkippedEvent : CaseFinishedEvent
{
    public const string TypeName = "skipped";
}
