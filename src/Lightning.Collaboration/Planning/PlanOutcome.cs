using Lightning.Collaboration.Tasks;

namespace Lightning.Collaboration.Planning;

/// <summary>
/// A checked plan and how it came about. <see cref="Planner"/> is "explicit", "template:NAME", "llm" or "description";
/// <see cref="Notes"/> says what the planner decided on the way (a rejected model plan, say).
/// </summary>
public sealed record PlanOutcome(TaskGraph Graph, string Planner, IReadOnlyList<string> Notes, ComplexityScore Complexity);
