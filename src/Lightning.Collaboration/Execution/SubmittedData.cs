using Lightning.Collaboration.Tasks;

namespace Lightning.Collaboration.Execution;

/// <summary>The data of the first event of every collaboration: enough to rebuild it from the log alone.</summary>
public sealed record SubmittedData(
    string Title, string? Description, int Priority, string SubmittedBy, string Planner, IReadOnlyList<string> Notes, int Total,
    ComplexTask Task, TaskPlan Plan);
