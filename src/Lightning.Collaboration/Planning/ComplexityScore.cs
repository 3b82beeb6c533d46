namespace Lightning.Collaboration.Planning;

/// <summary>
/// How big and hard a plan looks before it runs (see <see cref="ComplexityScorer"/> for the formula).
/// <see cref="Width"/> is the most subtasks at one depth, i.e. how much can run side by side;
/// <see cref="Effort"/> is the sum of the tools' weights; <see cref="Reasons"/> spells out each part of the score.
/// </summary>
public sealed record ComplexityScore(
    int Score,
    ComplexityLevel Level,
    int Nodes,
    int MaxDepth,
    int Width,
    int Capabilities,
    int Tools,
    double Effort,
    IReadOnlyList<string> Reasons);
