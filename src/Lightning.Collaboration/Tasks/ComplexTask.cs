using System.Text.Json;

namespace Lightning.Collaboration.Tasks;

/// <summary>
/// What a user submits: a task in words, its inputs, and either an explicit <see cref="Plan"/>, a <see cref="Template"/>
/// with parameters, or neither (the description is then planned: by the model when one is configured, else by the
/// deterministic planner).
/// </summary>
public sealed record ComplexTask
{
    public string? Title { get; init; }

    public string? Description { get; init; }

    /// <summary>Values subtasks read as <c>${inputs.name}</c>.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Inputs { get; init; }

    /// <summary>Capabilities the work needs; each must be offered by some registered agent.</summary>
    public IReadOnlyList<string>? RequiredCapabilities { get; init; }

    /// <summary>0–9, higher first; subtasks inherit it.</summary>
    public int Priority { get; init; } = 5;

    /// <summary>Past this moment no new subtask starts and the collaboration ends as <c>budget-exhausted</c>.</summary>
    public DateTimeOffset? Deadline { get; init; }

    public TaskBudget? Budget { get; init; }

    public TaskPlan? Plan { get; init; }

    public string? Template { get; init; }

    public IReadOnlyDictionary<string, JsonElement>? Parameters { get; init; }
}
