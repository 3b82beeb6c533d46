using System.Text.Json;
using Lightning.Collaboration.Tasks;

namespace Lightning.Collaboration.Planning;

/// <summary>
/// A named recipe that turns parameters into a plan (<c>"template": "fan-out", "parameters": {...}</c>). Register
/// more as <see cref="ITaskTemplate"/> singletons; <see cref="TemplateCatalog"/> picks them up, a registration with
/// a built-in's name replacing it.
/// </summary>
public interface ITaskTemplate
{
    /// <summary>kebab-case, as tasks name it.</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>Each parameter and what it means, for the API, CLI and LLM planner.</summary>
    IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>The plan; throws <see cref="Lightning.Core.Errors.ValidationFailedException"/> naming bad or missing parameters.</summary>
    TaskPlan Expand(IReadOnlyDictionary<string, JsonElement> parameters, SplittingRules rules);
}
