namespace Lightning.Testing.Coverage.Sources;

/// <summary>A function found in source text: its name, the line of its declaration and its last line.</summary>
public sealed record SourceFunction(string Name, int Line, int EndLine);
