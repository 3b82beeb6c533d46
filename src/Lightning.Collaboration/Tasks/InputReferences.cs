using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Lightning.Collaboration.Tasks;

/// <summary>
/// <c>${inputs.name}</c> and <c>${outputs.subtask.path.to.value}</c> inside a subtask's input. A string that is one
/// reference and nothing else becomes the referenced JSON value; references inside longer strings are spliced in as text.
/// </summary>
public static partial class InputReferences
{
    [GeneratedRegex(@"\$\{(?<scope>inputs|outputs)\.(?<path>[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*)\}")]
    private static partial Regex Reference();

    /// <summary>Every reference in an input: scope ("inputs" or "outputs") and the dotted path.</summary>
    public static IEnumerable<(string Scope, string Path)> Find(JsonElement input)
    {
        foreach (var text in Strings(input))
        {
            foreach (Match match in Reference().Matches(text))
            {
                yield return (match.Groups["scope"].Value, match.Groups["path"].Value);
            }
        }
    }

    /// <summary>The input with every reference replaced; <paramref name="lookup"/> answers (scope, path) or null when it has no value.</summary>
    public static JsonElement Resolve(JsonElement input, Func<string, string, JsonNode?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        if (!Find(input).Any())
        {
            return input;
        }

        var resolved = Walk(JsonNode.Parse(input.GetRawText()), lookup);
        return JsonSerializer.SerializeToElement(resolved);
    }

    /// <summary>Follows a dotted path into a JSON value (property names, or indexes into arrays).</summary>
    public static JsonNode? Select(JsonNode? node, IEnumerable<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var part in path)
        {
            node = node switch
            {
                JsonObject obj => obj[part],
                JsonArray array when int.TryParse(part, System.Globalization.CultureInfo.InvariantCulture, out var index) && index >= 0 && index < array.Count => array[index],
                _ => null,
            };
        }

        return node;
    }

    static JsonNode? Walk(JsonNode? node, Func<string, string, JsonNode?> lookup)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    // Containers are walked in place; re-attaching the same node to its parent would throw.
                    if (Walk(value, lookup) is var walked && !ReferenceEquals(walked, value))
                    {
                        obj[key] = walked;
                    }
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (Walk(array[i], lookup) is var walked && !ReferenceEquals(walked, array[i]))
                    {
                        array[i] = walked;
                    }
                }

                return array;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                var whole = Reference().Match(text);
                if (whole.Success && whole.Length == text.Length)
                {
                    return lookup(whole.Groups["scope"].Value, whole.Groups["path"].Value)?.DeepClone();
                }

                return JsonValue.Create(Reference().Replace(text, match =>
                {
                    var found = lookup(match.Groups["scope"].Value, match.Groups["path"].Value);
                    return found switch
                    {
                        null => string.Empty,
                        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => scalar.GetValue<string>(),
                        _ => found.ToJsonString(),
                    };
                }));
            default:
                return node;
        }
    }

    static IEnumerable<string> Strings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                yield return element.GetString()!;
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    foreach (var text in Strings(property.Value))
                    {
                        yield return text;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var text in Strings(item))
                    {
                        yield return text;
                    }
                }

                break;
        }
    }
}
