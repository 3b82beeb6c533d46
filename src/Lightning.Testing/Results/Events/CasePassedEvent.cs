namespace Lightning.Testing.Results.Events;

/// <summary>A case passed, on its first run or (outcome flaky) on a retry.</summary>
public sealed record CasePassedEvent : CaseFinishedEvent
{
    public const string TypeName = "passed";
}
