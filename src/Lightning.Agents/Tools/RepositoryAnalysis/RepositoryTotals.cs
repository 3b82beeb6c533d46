namespace Lightning.Agents.Tools.RepositoryAnalysis;

/// <summary>Every file walked, its bytes, and the lines of source and text files.</summary>
public sealed record RepositoryTotals(int Files, long Lines, long Bytes);
