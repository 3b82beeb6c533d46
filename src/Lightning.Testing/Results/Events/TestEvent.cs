using System.Text.Json.Serialization;

namespace Lightning.Testing.Results.Events;

/// <summary>
/// One event of a test run, as the JSON event stream writes them one per line and the live stream will send them:
/// <c>{"type":"passed","at":"...","suiteKey":"s1","caseKey":"c3",...}</c>. Suites and cases are named by keys
/// unique within the run (ids can repeat: two cases may share a name); <see cref="At"/> is when the event happened,
/// null when replayed from a report that does not say.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RunStartedEvent), RunStartedEvent.TypeName)]
[JsonDerivedType(typeof(SuiteStartedEvent), SuiteStartedEvent.TypeName)]
[JsonDerivedType(typeof(CaseStartedEvent), CaseStartedEvent.TypeName)]
[JsonDerivedType(typeof(OutputEvent), OutputEvent.TypeName)]
[JsonDerivedType(typeof(AttemptEvent), AttemptEvent.TypeName)]
[JsonDerivedType(typeof(CasePassedEvent), CasePassedEvent.TypeName)]
[JsonDerivedType(typeof(CaseFailedEvent), CaseFailedEvent.TypeName)]
[JsonDerivedType(typeof(CaseSkippedEvent), CaseSkippedEvent.TypeName)]
[JsonDerivedType(typeof(SuiteFinishedEvent), SuiteFinishedEvent.TypeName)]
[JsonDerivedType(typeof(RunFinishedEvent), RunFinishedEvent.TypeName)]
public abstract record TestEvent
{
    public DateTimeOffset? At { get; init; }
}
