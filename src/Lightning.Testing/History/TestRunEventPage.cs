namespace Lightning.Testing.History;

/// <summary>A page of a run's events in order; <see cref="Next"/> is the <c>after</c> of the next page, null on the last.</summary>
public sealed record TestRunEventPage(IReadOnlyList<TestRunEvent> Items, long? Next);
