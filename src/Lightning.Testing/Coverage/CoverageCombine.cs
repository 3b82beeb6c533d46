namespace Lightning.Testing.Coverage;

/// <summary>How two records of the same line are combined.</summary>
public enum CoverageCombine
{
    /// <summary>Different runs (two reports, LCOV test sections, SimpleCov commands): hits add up.</summary>
    Sum,

    /// <summary>Two views of the same run (a file listed under two Cobertura classes): the larger count stands.</summary>
    Max,
}
