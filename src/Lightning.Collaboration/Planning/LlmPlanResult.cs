using Lightning.Collaboration.Tasks;

namespace Lightning.Collaboration.Planning;

/// <summary>What the model planned: a checked <see cref="Graph"/>, or the <see cref="Errors"/> that made its answer unusable.</summary>
public sealed record LlmPlanResult(TaskGraph? Graph, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Graph is not null;

    public static LlmPlanResult Success(TaskGraph graph) => new(graph, []);

    public static LlmPlanResult Failure(params string[] errors) => new(null, errors);
}
