namespace Lightning.Testing.Coverage;

/// <summary>What a coverage percentage counts.</summary>
public enum CoverageMetric
{
    Lines,
    Branches,
    Functions,
}
