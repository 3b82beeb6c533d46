using System.Text.Json;
using Lightning.Collaboration.Tasks;

namespace Lightning.Collaboration.Planning;

/// <summary>
/// <c>pipeline</c>: steps run one after another, each depending on the one before, so a step can read
/// <c>${outputs.PREVIOUS.path}</c>. The last step's output is the result.
/// </summary>
public sealed class PipelineTemplate : ITaskTemplate
{
    static readonly string[] StepFields = ["id", "title", "tool", "input", "capability", "agent"];

    public string Name => "pipeline";

    public string Description => "Run steps in order, each after the previous one; a step may read earlier outputs.";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["steps"] = "the steps in order: each {id?, title?, tool, input?, capability?, agent?} (ids default to step-1, step-2, ...)",
    };

    public TaskPlan Expand(IReadOnlyDictionary<string, JsonElement> parameters, SplittingRules rules)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var p = new TemplateParameters(Name, parameters, Parameters);
        var steps = p.Array("steps", required: true);
        p.ThrowIfInvalid();

        var subtasks = new List<SubtaskSpec>(steps!.Count);
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var name = $"steps[{i}]";
            if (step.ValueKind != JsonValueKind.Object)
            {
                p.Error(name, $"step {i + 1} must be an object with at least a 'tool'.");
                continue;
            }

            foreach (var property in step.EnumerateObject().Where(property => !StepFields.Contains(property.Name, StringComparer.Ordinal)))
            {
                p.Error(name, $"step {i + 1} has an unknown field '{property.Name}'. Known fields: {string.Join(", ", StepFields)}.");
            }

            var stepParameters = step.EnumerateObject().ToDictionary(property => property.Name, property => property.Value, StringComparer.Ordinal);
            string? Text(string field, bool required)
            {
                if (!stepParameters.TryGetValue(field, out var value) || value.ValueKind == JsonValueKind.Null)
                {
                    if (required)
                    {
                        p.Error(name, $"step {i + 1} needs '{field}'.");
                    }

                    return null;
                }

                if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
                {
                    p.Error(name, $"step {i + 1}: '{field}' must be a non-empty string.");
                    return null;
                }

                return value.GetString();
            }

            var id = Text("id", required: false) ?? $"step-{i + 1}";
            subtasks.Add(new SubtaskSpec
            {
                Id = id,
                Title = Text("title", required: false),
                Tool = Text("tool", required: true),
                Capability = Text("capability", required: false),
                Agent = Text("agent", required: false),
                Input = stepParameters.TryGetValue("input", out var input) && input.ValueKind != JsonValueKind.Null ? input.Clone() : null,
                DependsOn = i == 0 ? null : [subtasks[^1].Id],
            });
        }

        p.ThrowIfInvalid();
        return new TaskPlan { Subtasks = subtasks, Result = subtasks[^1].Id };
    }
}
