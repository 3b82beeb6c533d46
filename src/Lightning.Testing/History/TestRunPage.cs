namespace Lightning.Testing.History;

/// <summary>A page of runs, newest first; <see cref="Next"/> is the <c>before</c> of the next page, null on the last.</summary>
public sealed record TestRunPage(IReadOnlyList<TestRunView> Items, string? Next);
