using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lightning.Collaboration.Tasks;

namespace Lightning.Collaboration.Planning;

/// <summary>
/// <c>fan-out</c>: one subtask per item, all independent, optionally capped by a group limit and combined by a final
/// aggregation node. The input is a JSON template: <c>${item}</c> is the item, <c>${item.a.b}</c> a value inside it,
/// <c>${index}</c> its 1-based number, <c>${batch}</c> the list of items the subtask covers; <c>${inputs.*}</c> and
/// <c>${outputs.*}</c> stay for the engine. With more items than <see cref="SplittingRules.MaxFanOut"/>, the items are
/// cut into that many contiguous batches and each subtask gets its batch through <c>${batch}</c> (default input
/// <c>{"items": "${batch}"}</c>); <c>${item}</c> is then an error, since a subtask no longer has one item.
/// </summary>
public sealed partial class FanOutTemplate : ITaskTemplate
{
    public string Name => "fan-out";

    public string Description => "Run one tool once per item, in parallel, and optionally combine the outputs.";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["items"] = "the list of items (any JSON values)",
        ["tool"] = "the tool each subtask runs",
        ["input"] = "the tool input, with ${item}, ${item.field}, ${index} and ${batch} replaced per subtask (default: ${item}, or {\"items\": \"${batch}\"} when batched)",
        ["capability"] = "the capability the agents must have (optional)",
        ["maxParallel"] = "at most this many items run at once (optional)",
        ["aggregate"] = "concatenate, merge-json, majority-vote or quorum: adds an 'aggregate' subtask combining every output (optional)",
        ["quorum"] = "with aggregate quorum: how many outputs must agree",
        ["field"] = "with majority-vote or quorum: the output field to vote on (default: the whole output)",
        ["id"] = "the subtask id prefix (default 'item': item-1, item-2, ...)",
    };

    [GeneratedRegex(@"\$\{(?<name>item|batch|index)(?:\.(?<path>[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*))?\}")]
    private static partial Regex Placeholder();

    public TaskPlan Expand(IReadOnlyDictionary<string, JsonElement> parameters, SplittingRules rules)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(rules);
        var p = new TemplateParameters(Name, parameters, Parameters);
        var items = p.Array("items", required: true);
        var tool = p.Text("tool", required: true);
        var capability = p.Text("capability", required: false);
        var maxParallel = p.Number("maxParallel", minimum: 1);
        var strategy = p.Strategy("aggregate");
        var quorum = p.Number("quorum", minimum: 1);
        var field = p.Text("field", required: false);
        var prefix = p.Text("id", required: false) ?? "item";
        if (rules.MaxFanOut < 1)
        {
            p.Error("items", "the splitting rules need a MaxFanOut of at least 1.");
        }

        if (strategy is AggregationStrategy.Reviewer or AggregationStrategy.Agent)
        {
            p.Error("aggregate", $"'{JsonNamingPolicy.KebabCaseLower.ConvertName(strategy.Value.ToString())}' needs a tool to choose; write an explicit plan for it.");
        }

        if (strategy == AggregationStrategy.Quorum && quorum is null)
        {
            p.Error("quorum", "'quorum' is required with aggregate quorum.");
        }

        p.ThrowIfInvalid();

        var batched = items!.Count > rules.MaxFanOut;
        var input = p.Value("input") ?? JsonSerializer.SerializeToElement(batched ? (JsonNode)new JsonObject { ["items"] = "${batch}" } : JsonValue.Create("${item}"));
        var batches = Batches(items, batched ? rules.MaxFanOut : items.Count);
        var subtasks = new List<SubtaskSpec>(batches.Count + 1);
        for (var b = 0; b < batches.Count; b++)
        {
            var batch = batches[b];
            var id = $"{prefix}-{b + 1}";
            subtasks.Add(new SubtaskSpec
            {
                Id = id,
                Title = batched ? $"{Name} batch {b + 1} ({batch.Count} items)" : null,
                Tool = tool,
                Capability = capability,
                Input = Substitute(input, batched ? null : batch[0], batch, b + 1, p),
                Group = maxParallel is null ? null : prefix,
            });
        }

        if (strategy is { } aggregation)
        {
            subtasks.Add(new SubtaskSpec
            {
                Id = "aggregate",
                Title = $"Combine the {batches.Count} outputs ({JsonNamingPolicy.KebabCaseLower.ConvertName(aggregation.ToString())})",
                DependsOn = [.. subtasks.Select(subtask => subtask.Id)],
                Aggregate = new AggregationSpec(aggregation, quorum, field),
            });
        }

        p.ThrowIfInvalid();
        return new TaskPlan
        {
            Subtasks = subtasks,
            Groups = maxParallel is { } limit ? new Dictionary<string, int>(StringComparer.Ordinal) { [prefix] = limit } : null,
            Result = strategy is null ? null : "aggregate",
        };
    }

    /// <summary>The items cut into <paramref name="count"/> contiguous runs whose sizes differ by one at most.</summary>
    internal static List<List<JsonElement>> Batches(IReadOnlyList<JsonElement> items, int count)
    {
        var batches = new List<List<JsonElement>>(count);
        for (var i = 0; i < count; i++)
        {
            var start = (int)((long)i * items.Count / count);
            var end = (int)((long)(i + 1) * items.Count / count);
            batches.Add([.. items.Skip(start).Take(end - start)]);
        }

        return batches;
    }

    static JsonElement Substitute(JsonElement input, JsonElement? item, List<JsonElement> batch, int index, TemplateParameters p)
    {
        var itemNode = item is { } one ? JsonNode.Parse(one.GetRawText()) : null;
        JsonNode? Lookup(Match match)
        {
            var path = match.Groups["path"].Success ? match.Groups["path"].Value : null;
            switch (match.Groups["name"].Value)
            {
                case "batch" when path is null:
                    return JsonSerializer.SerializeToNode(batch);
                case "index" when path is null:
                    return JsonValue.Create(index);
                case "item" when item is null:
                    p.Error("input", $"'{match.Value}' names one item, but the items are batched (more than the fan-out limit); use ${{batch}}.");
                    return null;
                case "item":
                    var found = path is null ? itemNode : InputReferences.Select(itemNode, path.Split('.'));
                    if (found is null && path is not null)
                    {
                        p.Error("input", $"item {index} has no '{path}' for '{match.Value}'.");
                    }

                    return found;
                default:
                    p.Error("input", $"'{match.Value}' is not a placeholder: use ${{item}}, ${{item.field}}, ${{index}} or ${{batch}}.");
                    return null;
            }
        }

        JsonNode? Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj.ToList())
                    {
                        obj[key] = Walk(value);
                    }

                    return obj;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        array[i] = Walk(array[i]);
                    }

                    return array;
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    var text = value.GetValue<string>();
                    var whole = Placeholder().Match(text);
                    if (whole.Success && whole.Length == text.Length)
                    {
                        return Lookup(whole)?.DeepClone();
                    }

                    return JsonValue.Create(Placeholder().Replace(text, match => Lookup(match) switch
                    {
                        null => string.Empty,
                        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => scalar.GetValue<string>(),
                        var other => other.ToJsonString(),
                    }));
                default:
                    return node;
            }
        }

        return JsonSerializer.SerializeToElement(Walk(JsonNode.Parse(input.GetRawText())));
    }
}
