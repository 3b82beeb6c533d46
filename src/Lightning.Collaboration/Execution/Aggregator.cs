using System.Text.Json;
using System.Text.Json.Nodes;
using Lightning.Collaboration.Tasks;

namespace Lightning.Collaboration.Execution;

/// <summary>
/// Combines dependencies' outputs for the strategies that need no agent: concatenate (a list in dependency order),
/// merge-json (objects merged deeply, later wins; anything but an object fails), majority-vote (the value with strictly
/// the most votes; a tie fails) and quorum (a value with at least the quorum's votes). Votes compare JSON values
/// structurally (property order and number spelling aside), on <see cref="AggregationSpec.Field"/> (a dotted path) when
/// given; an output without that field abstains. Reviewer and agent need a tool: the engine runs those.
/// </summary>
public static class Aggregator
{
    public static AggregationResult Aggregate(AggregationSpec spec, IReadOnlyList<(string Subtask, JsonElement Output)> outputs)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(outputs);
        return spec.Strategy switch
        {
            AggregationStrategy.Concatenate => Concatenate(outputs),
            AggregationStrategy.MergeJson => Merge(outputs),
            AggregationStrategy.MajorityVote => Vote(spec, outputs, quorum: null),
            AggregationStrategy.Quorum => spec.Quorum is { } quorum and >= 1
                ? Vote(spec, outputs, quorum)
                : AggregationResult.Failure("A quorum aggregation needs a quorum of at least 1."),
            _ => AggregationResult.Failure($"The {JsonNamingPolicy.KebabCaseLower.ConvertName(spec.Strategy.ToString())} strategy needs a tool to choose; the engine runs it."),
        };
    }

    static AggregationResult Concatenate(IReadOnlyList<(string Subtask, JsonElement Output)> outputs) =>
        AggregationResult.Success(JsonSerializer.SerializeToElement(new JsonArray([.. outputs.Select(o => JsonNode.Parse(o.Output.GetRawText()))])));

    static AggregationResult Merge(IReadOnlyList<(string Subtask, JsonElement Output)> outputs)
    {
        var merged = new JsonObject();
        foreach (var (subtask, output) in outputs)
        {
            if (output.ValueKind != JsonValueKind.Object)
            {
                return AggregationResult.Failure($"merge-json needs JSON objects, but the output of '{subtask}' is {Kind(output)}.");
            }

            MergeInto(merged, (JsonObject)JsonNode.Parse(output.GetRawText())!);
        }

        return AggregationResult.Success(JsonSerializer.SerializeToElement(merged));
    }

    static void MergeInto(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source.ToList())
        {
            source.Remove(key);
            if (value is JsonObject incoming && target[key] is JsonObject existing)
            {
                MergeInto(existing, incoming);
            }
            else
            {
                target[key] = value;
            }
        }
    }

    static AggregationResult Vote(AggregationSpec spec, IReadOnlyList<(string Subtask, JsonElement Output)> outputs, int? quorum)
    {
        var name = quorum is null ? "majority-vote" : "quorum";
        if (outputs.Count == 0)
        {
            return AggregationResult.Failure($"{name} has no outputs to vote on.");
        }

        var groups = new List<(JsonElement Value, List<string> Voters)>();
        foreach (var (subtask, output) in outputs)
        {
            if (Ballot(output, spec.Field) is not { } value)
            {
                continue;
            }

            var index = groups.FindIndex(group => JsonElement.DeepEquals(group.Value, value));
            if (index < 0)
            {
                groups.Add((value, [subtask]));
            }
            else
            {
                groups[index].Voters.Add(subtask);
            }
        }

        if (groups.Count == 0)
        {
            return AggregationResult.Failure($"{name}: no output has the field '{spec.Field}'.");
        }

        var most = groups.Max(group => group.Voters.Count);
        var leaders = groups.Where(group => group.Voters.Count == most).ToList();
        if (quorum is { } needed && most < needed)
        {
            return AggregationResult.Failure($"No quorum: {needed} of {outputs.Count} outputs must agree, but at most {most} do " +
                $"({string.Join("; ", groups.Select(g => $"{Compact(g.Value)} × {g.Voters.Count}"))}).");
        }

        if (leaders.Count > 1)
        {
            return AggregationResult.Failure($"{name} is tied at {most} vote{(most == 1 ? string.Empty : "s")} each between " +
                $"{string.Join(", ", leaders.Select(l => $"{Compact(l.Value)} ({string.Join(", ", l.Voters)})"))}.");
        }

        var winner = leaders[0];
        var result = new JsonObject
        {
            ["value"] = JsonNode.Parse(winner.Value.GetRawText()),
            ["votes"] = winner.Voters.Count,
            ["of"] = outputs.Count,
            ["agreeing"] = new JsonArray([.. winner.Voters.Select(v => (JsonNode)JsonValue.Create(v))]),
        };
        if (quorum is { } q)
        {
            result["quorum"] = q;
        }

        return AggregationResult.Success(JsonSerializer.SerializeToElement(result));
    }

    /// <summary>
    /// A person's decision on an escalated vote: <paramref name="choice"/> names the subtask whose answer wins, or is
    /// that answer itself (as JSON text, or the text of a string answer). Fails, saying what to write, when it names neither.
    /// </summary>
    public static AggregationResult Decide(AggregationSpec spec, IReadOnlyList<(string Subtask, JsonElement Output)> outputs, string? choice, string by)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(outputs);
        var ballots = outputs.Select(o => (o.Subtask, Value: Ballot(o.Output, spec.Field))).Where(b => b.Value is not null).Select(b => (b.Subtask, Value: b.Value!.Value)).ToList();
        var wanted = choice?.Trim();
        JsonElement? chosen = null;
        if (!string.IsNullOrEmpty(wanted))
        {
            chosen = ballots.Where(b => b.Subtask == wanted).Select(b => (JsonElement?)b.Value).FirstOrDefault()
                ?? ballots.Where(b => b.Value.GetRawText() == wanted || (b.Value.ValueKind == JsonValueKind.String && b.Value.GetString() == wanted))
                    .Select(b => (JsonElement?)b.Value).FirstOrDefault();
        }

        if (chosen is not { } value)
        {
            return AggregationResult.Failure($"Name the answer that wins in the comment: one of the subtasks {string.Join(", ", ballots.Select(b => b.Subtask))}, " +
                $"or one of the answers {string.Join(", ", ballots.Select(b => Compact(b.Value)).Distinct(StringComparer.Ordinal))}.");
        }

        var agreeing = ballots.Where(b => JsonElement.DeepEquals(b.Value, value)).Select(b => b.Subtask).ToList();
        return AggregationResult.Success(JsonSerializer.SerializeToElement(new JsonObject
        {
            ["value"] = JsonNode.Parse(value.GetRawText()),
            ["votes"] = agreeing.Count,
            ["of"] = outputs.Count,
            ["agreeing"] = new JsonArray([.. agreeing.Select(v => (JsonNode)JsonValue.Create(v))]),
            ["decidedBy"] = by,
        }));
    }

    /// <summary>What an output votes for: the value at the field's dotted path, or the whole output; null abstains.</summary>
    static JsonElement? Ballot(JsonElement output, string? field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return output;
        }

        var node = InputReferences.Select(JsonNode.Parse(output.GetRawText()), field.Split('.'));
        return node is null ? null : JsonSerializer.SerializeToElement(node);
    }

    static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    static string Compact(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= 80 ? text : text[..77] + "...";
    }
}
