namespace Lightning.Collaboration.Planning;

/// <summary>Bands of <see cref="ComplexityScore.Score"/>: below 15, 35, 60 and 80, and the rest.</summary>
public enum ComplexityLevel
{
    Trivial,
    Simple,
    Moderate,
    Complex,
    VeryComplex,
}
