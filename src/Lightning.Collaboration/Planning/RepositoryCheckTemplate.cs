using System.Text.Json;
using System.Text.Json.Nodes;
using Lightning.Collaboration.Tasks;

namespace Lightning.Collaboration.Planning;

/// <summary>
/// <c>repository-check</c>: analyse a repository (the <c>repository-analysis</c> tool: languages, build and test
/// commands, ...) and report the findings. Which test commands a repository has is only known after the analysis, so
/// this template does not plan them: it is what can be planned before anything ran, <c>analyse → report</c>. Run the
/// detected commands with a second task (a <c>pipeline</c> or <c>fan-out</c> over them).
/// </summary>
public sealed class RepositoryCheckTemplate : ITaskTemplate
{
    public string Name => "repository-check";

    public string Description => "Analyse a repository in an agent's workspace and report what it found.";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["path"] = "the repository's directory in the agent's workspace (default '.')",
    };

    public TaskPlan Expand(IReadOnlyDictionary<string, JsonElement> parameters, SplittingRules rules)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var p = new TemplateParameters(Name, parameters, Parameters);
        var path = p.Text("path", required: false) ?? ".";
        p.ThrowIfInvalid();

        return new TaskPlan
        {
            Subtasks =
            [
                new SubtaskSpec
                {
                    Id = "analyse",
                    Title = $"Analyse the repository at {path}",
                    Tool = "repository-analysis",
                    Input = JsonSerializer.SerializeToElement(new JsonObject { ["path"] = path }),
                },
                new SubtaskSpec
                {
                    Id = "report",
                    Title = "Report the analysis",
                    DependsOn = ["analyse"],
                    Aggregate = new AggregationSpec(AggregationStrategy.Concatenate),
                },
            ],
            Result = "report",
        };
    }
}
