using System.Text.Json;
using Lightning.Collaboration.Tasks;
using Lightning.Core.Errors;
using Lightning.Core.Serialization;

namespace Lightning.Collaboration.Planning;

/// <summary>Reads a template's parameters, recording every problem under <c>parameters.NAME</c>.</summary>
internal sealed class TemplateParameters(string template, IReadOnlyDictionary<string, JsonElement> values, IReadOnlyDictionary<string, string> known)
{
    readonly Validator _errors = CheckUnknown(template, values, known);

    public void Error(string name, string message) => _errors.Add($"parameters.{name}", $"Template '{template}': {message}");

    public void ThrowIfInvalid() => _errors.ThrowIfInvalid();

    public JsonElement? Value(string name) =>
        values.TryGetValue(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? value : null;

    public string? Text(string name, bool required)
    {
        if (Value(name) is not { } value)
        {
            if (required)
            {
                Error(name, $"'{name}' is required: {known[name]}");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            Error(name, $"'{name}' must be a non-empty string.");
            return null;
        }

        return value.GetString();
    }

    public int? Number(string name, int minimum)
    {
        if (Value(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < minimum)
        {
            Error(name, $"'{name}' must be a whole number of at least {minimum}.");
            return null;
        }

        return number;
    }

    public IReadOnlyList<JsonElement>? Array(string name, bool required)
    {
        if (Value(name) is not { } value)
        {
            if (required)
            {
                Error(name, $"'{name}' is required: {known[name]}");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            Error(name, $"'{name}' must be a non-empty list.");
            return null;
        }

        return [.. value.EnumerateArray()];
    }

    public AggregationStrategy? Strategy(string name)
    {
        if (Text(name, required: false) is not { } text)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<AggregationStrategy>(JsonSerializer.Serialize(text), LightningJson.Options);
        }
        catch (JsonException)
        {
            Error(name, $"'{name}' must be one of: {string.Join(", ", Enum.GetNames<AggregationStrategy>().Select(JsonNamingPolicy.KebabCaseLower.ConvertName))}; not '{text}'.");
            return null;
        }
    }

    static Validator CheckUnknown(string template, IReadOnlyDictionary<string, JsonElement> values, IReadOnlyDictionary<string, string> known)
    {
        var errors = new Validator();
        foreach (var name in values.Keys.Where(name => !known.ContainsKey(name)).Order(StringComparer.Ordinal))
        {
            errors.Add($"parameters.{name}", $"Template '{template}' has no parameter '{name}'. Its parameters: {string.Join(", ", known.Keys)}.");
        }

        return errors;
    }
}
