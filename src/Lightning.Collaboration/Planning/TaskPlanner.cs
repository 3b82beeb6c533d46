using Lightning.Collaboration.Tasks;
using Lightning.Core.Errors;

namespace Lightning.Collaboration.Planning;

/// <summary>
/// Turns a submitted task into a checked graph: its explicit plan; else its template expanded; else its description,
/// planned by the model when one is configured and, when there is none or its plan is rejected, by the
/// deterministic <see cref="DescriptionPlanner"/>. Every outcome carries its complexity.
/// </summary>
public sealed class TaskPlanner(TemplateCatalog templates, LlmPlanner llm, DescriptionPlanner description, ComplexityScorer scorer, SplittingRules rules)
{
    public async Task<PlanOutcome> PlanAsync(ComplexTask task, PlanCatalog catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(catalog);
        var errors = new Validator();
        var missing = (task.RequiredCapabilities ?? []).Where(capability => !catalog.Capabilities.Contains(capability)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            errors.Add("requiredCapabilities", $"No registered agent offers {string.Join(", ", missing.Select(c => $"'{c}'"))}. " +
                $"Offered: {string.Join(", ", catalog.Capabilities.Order(StringComparer.Ordinal))}.");
        }

        if (task.Plan is not null && task.Template is not null)
        {
            errors.Add("template", "Give either a plan or a template, not both.");
        }

        if (task.Plan is null && task.Template is null && string.IsNullOrWhiteSpace(task.Description))
        {
            errors.Add("plan", "A task needs a plan, a template with parameters, or a description to plan from.");
        }

        errors.ThrowIfInvalid();

        if (task.Plan is { } plan)
        {
            return Outcome(TaskGraph.Build(plan, catalog, task.Inputs), "explicit", [], catalog);
        }

        if (task.Template is { } name)
        {
            var expanded = templates.Expand(name, task.Parameters, rules);
            return Outcome(TaskGraph.Build(expanded, catalog, task.Inputs), $"template:{name}", [], catalog);
        }

        var notes = new List<string>();
        if (llm.IsConfigured)
        {
            var planned = await llm.PlanAsync(task, catalog, cancellationToken);
            if (planned.Graph is { } graph)
            {
                return Outcome(graph, "llm", notes, catalog);
            }

            notes.Add($"LLM plan rejected: {string.Join(" ", planned.Errors)}");
        }
        else
        {
            notes.Add("No model is configured: planned from the description's keywords.");
        }

        var fallback = description.Plan(task.Description, catalog);
        return Outcome(TaskGraph.Build(fallback, catalog, task.Inputs), "description", notes, catalog);
    }

    PlanOutcome Outcome(TaskGraph graph, string planner, List<string> notes, PlanCatalog catalog) =>
        new(graph, planner, notes, scorer.Score(graph, catalog));
}
