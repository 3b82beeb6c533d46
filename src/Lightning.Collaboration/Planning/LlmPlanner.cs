using System.Globalization;
using System.Text;
using System.Text.Json;
using Lightning.Agents.Llm;
using Lightning.Collaboration.Tasks;
using Lightning.Core.Errors;
using Microsoft.Extensions.AI;

namespace Lightning.Collaboration.Planning;

/// <summary>
/// Asks the configured model for a plan: the system prompt holds the plan schema, the tool catalogue (names,
/// descriptions, capabilities), the capabilities and agents available and the templates' ideas; the answer must be a
/// plan as JSON (JSON response format, temperature 0). The answer is read with <see cref="PlanDocument"/> and checked
/// with <see cref="TaskGraph.Build"/>; anything wrong is a failed <see cref="LlmPlanResult"/> with the reasons, never an
/// exception, so the caller can fall back.
/// </summary>
public sealed class LlmPlanner(ChatModel model)
{
    public bool IsConfigured => model.IsConfigured;

    public async Task<LlmPlanResult> PlanAsync(ComplexTask task, PlanCatalog catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(catalog);
        if (!model.IsConfigured)
        {
            return LlmPlanResult.Failure("No model is configured.");
        }

        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, SystemPrompt(catalog)),
            new(ChatRole.User, UserPrompt(task)),
        };
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.Json, Temperature = 0 };
        if (model.ModelName is { } name)
        {
            options.ModelId = name;
        }

        string text;
        try
        {
            var response = await model.Client.GetResponseAsync(messages, options, cancellationToken);
            text = response.Text;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return LlmPlanResult.Failure($"The model could not be asked: {ex.Message}");
        }

        var json = StripFence(text);
        if (string.IsNullOrWhiteSpace(json))
        {
            return LlmPlanResult.Failure("The model answered with nothing.");
        }

        try
        {
            var plan = PlanDocument.ParsePlan(json, "json");
            return LlmPlanResult.Success(TaskGraph.Build(plan, catalog, task.Inputs));
        }
        catch (ValidationFailedException ex)
        {
            return LlmPlanResult.Failure([.. ex.Errors.SelectMany(pair => pair.Value)]);
        }
    }

    /// <summary>Models often wrap JSON in a Markdown fence even when asked not to.</summary>
    static string StripFence(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var firstLine = trimmed.IndexOf('\n', StringComparison.Ordinal);
        var end = trimmed.LastIndexOf("```", StringComparison.Ordinal);
        return firstLine > 0 && end > firstLine ? trimmed[(firstLine + 1)..end].Trim() : trimmed;
    }

    internal static string SystemPrompt(PlanCatalog catalog)
    {
        var prompt = new StringBuilder();
        prompt.AppendLine("You plan work for a team of software agents. Answer with one JSON object, a plan, and nothing else.");
        prompt.AppendLine();
        prompt.AppendLine("Plan schema (camelCase field names; unknown fields are rejected):");
        prompt.AppendLine("{ \"subtasks\": [ subtask, ... ], \"maxParallel\": int?, \"groups\": { \"name\": limit }?, \"result\": \"subtask id\"? }");
        prompt.AppendLine("subtask: { \"id\": \"letters, digits, - _ .\", \"title\": string?, \"tool\": \"tool name\", \"input\": { tool input }, " +
            "\"dependsOn\": [\"ids\"]?, \"capability\": string?, \"agent\": string?, \"selection\": \"direct\"|\"least-loaded\"|\"contract-net\"?, " +
            "\"retry\": { \"maxAttempts\": int, \"backoffSeconds\": number, \"maxBackoffSeconds\": number }?, \"onFailure\": \"fail\"|\"continue\"|\"compensate\"?, " +
            "\"compensation\": \"id\"?, \"aggregate\": { \"strategy\": \"concatenate\"|\"merge-json\"|\"majority-vote\"|\"quorum\"|\"reviewer\"|\"agent\", \"quorum\": int?, \"field\": string? }?, " +
            "\"requiresApproval\": bool?, \"group\": string?, \"timeoutSeconds\": int? }");
        prompt.AppendLine("Rules: the graph has no cycles; a subtask runs after everything in dependsOn. Inside input strings, \"${inputs.name}\" reads a task input " +
            "and \"${outputs.id.path}\" reads an earlier subtask's output (that subtask must be an ancestor through dependsOn). " +
            "A subtask with aggregate concatenate, merge-json, majority-vote or quorum has no tool and combines its dependencies' outputs. " +
            "Use only the tools, capabilities and agents listed below. Keep plans as small as the task allows.");
        prompt.AppendLine();
        prompt.AppendLine("Tools (name [capability an agent needs]: description):");
        foreach (var tool in catalog.Tools.All.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            prompt.Append("- ").Append(tool.Name).Append(" [").Append(tool.Capability ?? "any agent").Append("]: ").AppendLine(tool.Description);
        }

        prompt.AppendLine();
        prompt.Append("Capabilities agents offer: ").AppendLine(string.Join(", ", catalog.Capabilities.Order(StringComparer.Ordinal)));
        prompt.Append("Agents: ").AppendLine(string.Join(", ", catalog.Agents.Order(StringComparer.Ordinal)));
        prompt.AppendLine();
        prompt.AppendLine("Example: {\"subtasks\":[{\"id\":\"test\",\"tool\":\"command\",\"input\":{\"command\":[\"dotnet\",\"test\"]}}," +
            "{\"id\":\"summary\",\"tool\":\"prompt\",\"dependsOn\":[\"test\"],\"input\":{\"prompt\":\"Summarise: ${outputs.test.output}\"}}],\"result\":\"summary\"}");
        return prompt.ToString();
    }

    static string UserPrompt(ComplexTask task)
    {
        var prompt = new StringBuilder();
        if (task.Title is { } title)
        {
            prompt.Append("Title: ").AppendLine(title);
        }

        prompt.Append("Task: ").AppendLine(task.Description);
        if (task.Inputs is { Count: > 0 } inputs)
        {
            prompt.AppendLine("Inputs (read them as ${inputs.name}):");
            foreach (var (name, value) in inputs.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                var json = value.GetRawText();
                prompt.Append("- ").Append(name).Append(": ").AppendLine(json.Length <= 500 ? json : json[..500] + "...");
            }
        }

        if (task.RequiredCapabilities is { Count: > 0 } required)
        {
            prompt.Append("Required capabilities: ").AppendLine(string.Join(", ", required));
        }

        if (task.Budget?.MaxSubtaskRuns is { } runs)
        {
            prompt.Append("At most ").Append(runs.ToString(CultureInfo.InvariantCulture)).AppendLine(" subtask runs.");
        }

        return prompt.ToString();
    }
}
