namespace Lightning.Testing.Coverage;

/// <summary>A report that went into a <see cref="CoverageReport"/>: its format, where it came from, and the tool when the report names it.</summary>
public sealed record CoverageOrigin(CoverageFormat Format, string Source, string? Tool);
