namespace Lightning.Testing.Selection;

/// <summary>A changed file and what it meant for the selection (why everything runs, or why it selects nothing).</summary>
public sealed record SelectionNote(string File, string Reason);
