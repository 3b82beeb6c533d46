namespace Lightning.Collaboration.Patterns;

/// <summary>A collaboration's whole blackboard, keys in order.</summary>
public sealed record BlackboardView(string Collaboration, IReadOnlyList<BlackboardEntryView> Entries);
