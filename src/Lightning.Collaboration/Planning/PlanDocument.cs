using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Lightning.Collaboration.Tasks;
using Lightning.Core.Errors;
using Lightning.Core.Serialization;

namespace Lightning.Collaboration.Planning;

/// <summary>
/// Reads an explicit plan (a <see cref="TaskPlan"/>) or a whole <see cref="ComplexTask"/> from JSON or YAML. YAML is
/// turned into the same JSON tree first (YAML 1.2 core schema: unquoted <c>true</c>, <c>12</c>, <c>null</c> are typed,
/// quote them to keep strings), so both formats share one schema and one set of field names (camelCase, enums
/// kebab-case). Unknown fields, unknown enum values and wrong types are rejected with their path and, where the text
/// gives one, line and column.
/// </summary>
public static class PlanDocument
{
    static readonly JsonSerializerOptions Strict = new(LightningJson.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        // "dependson" is a typo in a hand-written file, not a spelling to accept.
        PropertyNameCaseInsensitive = false,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>Reads a plan: <c>{ "subtasks": [...], "maxParallel": 4, "groups": {...}, "result": "id" }</c>.</summary>
    /// <param name="formatHint">"json", "yaml"/"yml", a file name or extension, or a media type; null detects the format (<c>{</c> first = JSON, else YAML).</param>
    public static TaskPlan ParsePlan(string text, string? formatHint = null) => Parse<TaskPlan>(text, formatHint);

    /// <summary>Reads a whole task: title, description, inputs, plan or template with parameters, budget, ...</summary>
    public static ComplexTask ParseTask(string text, string? formatHint = null) => Parse<ComplexTask>(text, formatHint);

    /// <summary>Whether the text is read as JSON (true) or YAML (false).</summary>
    public static bool IsJson(string text, string? formatHint)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hint = formatHint?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(hint))
        {
            var first = text.AsSpan().TrimStart();
            return first.Length > 0 && first[0] == '{';
        }

        if (hint is "json" or ".json" or "application/json" || hint.EndsWith(".json", StringComparison.Ordinal) || hint.EndsWith("+json", StringComparison.Ordinal))
        {
            return true;
        }

        if (hint is "yaml" or "yml" or ".yaml" or ".yml" or "application/yaml" or "application/x-yaml" or "text/yaml" or "text/x-yaml" ||
            hint.EndsWith(".yaml", StringComparison.Ordinal) || hint.EndsWith(".yml", StringComparison.Ordinal))
        {
            return false;
        }

        throw DocumentTree.Invalid("format", $"Unknown plan format '{formatHint}': use json or yaml.");
    }

    static T Parse<T>(string text, string? formatHint)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw DocumentTree.Invalid("document", "The document is empty.");
        }

        var tree = IsJson(text, formatHint) ? DocumentTree.FromJson(text) : DocumentTree.FromYaml(text);
        if (tree.Root is not JsonObject)
        {
            throw DocumentTree.Invalid("document", $"The document must be an object (a mapping in YAML) with the fields of a {Describe(typeof(T))}.");
        }

        var errors = new Validator();
        CheckFields(tree.Root, typeof(T), "$", tree, errors);
        errors.ThrowIfInvalid();
        try
        {
            return tree.Root.Deserialize<T>(Strict) ?? throw DocumentTree.Invalid("document", "The document is empty.");
        }
        catch (JsonException ex)
        {
            var path = ex.Path ?? "$";
            throw DocumentTree.Invalid(Field(path), $"{Field(path)}{tree.At(path)} has a value of the wrong type: {Reason(ex.Message)}");
        }
    }

    /// <summary>Rejects fields the schema does not have and enum values it does not know, all at once.</summary>
    static void CheckFields(JsonNode? node, Type type, string path, DocumentTree tree, Validator errors)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (node is null || type == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(type))
        {
            return;
        }

        if (type.IsEnum)
        {
            var names = Enum.GetNames(type).Select(JsonNamingPolicy.KebabCaseLower.ConvertName).ToList();
            if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String || !names.Contains(value.GetValue<string>(), StringComparer.Ordinal))
            {
                errors.Add(Field(path), $"{Field(path)}{tree.At(path)} is {node.ToJsonString()}, not one of: {string.Join(", ", names)}.");
            }

            return;
        }

        var info = Strict.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when node is JsonObject obj:
                var properties = info.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
                foreach (var (name, value) in obj)
                {
                    var child = DocumentTree.Child(path, name);
                    if (properties.TryGetValue(name, out var property))
                    {
                        CheckFields(value, property.PropertyType, child, tree, errors);
                    }
                    else
                    {
                        errors.Add(Field(child), $"Unknown field '{name}'{tree.At(child)} in {Describe(type)}{(path == "$" ? string.Empty : $" at {Field(path)}")}. " +
                            $"Known fields: {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))}.");
                    }
                }

                break;
            case JsonTypeInfoKind.Enumerable when node is JsonArray array && info.ElementType is { } element:
                for (var i = 0; i < array.Count; i++)
                {
                    CheckFields(array[i], element, DocumentTree.Item(path, i), tree, errors);
                }

                break;
            case JsonTypeInfoKind.Dictionary when node is JsonObject map && info.ElementType is { } valueType:
                foreach (var (name, value) in map)
                {
                    CheckFields(value, valueType, DocumentTree.Child(path, name), tree, errors);
                }

                break;
        }
    }

    static string Field(string path) => path == "$" ? "document" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    static string Describe(Type type) => type == typeof(TaskPlan) ? "a plan" : type == typeof(ComplexTask) ? "a task" : $"a {JsonNamingPolicy.KebabCaseLower.ConvertName(type.Name)}";

    static string Reason(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
