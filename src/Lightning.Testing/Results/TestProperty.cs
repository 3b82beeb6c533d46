namespace Lightning.Testing.Results;

/// <summary>A name and value a report attaches to a run, suite or case; names may repeat, as JUnit allows.</summary>
public sealed record TestProperty(string Name, string Value);
