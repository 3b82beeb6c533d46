using System.Text.Json;
using Lightning.Collaboration.Tasks;
using Lightning.Core.Errors;

namespace Lightning.Collaboration.Planning;

/// <summary>The built-in templates (fan-out, pipeline, repository-check) and every registered <see cref="ITaskTemplate"/>, by name.</summary>
public sealed class TemplateCatalog
{
    readonly Dictionary<string, ITaskTemplate> _templates = new(StringComparer.Ordinal);

    public TemplateCatalog()
        : this([])
    {
    }

    public TemplateCatalog(IEnumerable<ITaskTemplate> templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        foreach (var template in BuiltIns().Concat(templates))
        {
            // The last registration wins, so a host can replace a built-in.
            _templates[template.Name] = template;
        }
    }

    public IReadOnlyCollection<ITaskTemplate> All => _templates.Values;

    public static IEnumerable<ITaskTemplate> BuiltIns() => [new FanOutTemplate(), new PipelineTemplate(), new RepositoryCheckTemplate()];

    public ITaskTemplate? Find(string name) => _templates.GetValueOrDefault(name);

    public ITaskTemplate Get(string name) =>
        Find(name) ?? throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["template"] = [$"No template named '{name}'. Known templates: {string.Join(", ", _templates.Keys.Order(StringComparer.Ordinal))}."],
        });

    public TaskPlan Expand(string name, IReadOnlyDictionary<string, JsonElement>? parameters, SplittingRules rules) =>
        Get(name).Expand(parameters ?? new Dictionary<string, JsonElement>(StringComparer.Ordinal), rules);
}
