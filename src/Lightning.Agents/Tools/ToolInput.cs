using System.Text.Json;

namespace Lightning.Agents.Tools;

/// <summary>Small readers for tool inputs, which are JSON objects: each records what is missing or of the wrong type.</summary>
public static class ToolInput
{
    public static bool IsObject(JsonElement input, List<string> errors, string tool)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (input.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        errors.Add($"The input of '{tool}' must be a JSON object.");
        return false;
    }

    public static string? Text(JsonElement input, string name, List<string> errors, bool required)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }

            errors.Add($"'{name}' must be a string.");
            return null;
        }

        if (required)
        {
            errors.Add($"'{name}' is required.");
        }

        return null;
    }

    public static int? Number(JsonElement input, string name, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (input.ValueKind != JsonValueKind.Object || !input.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        errors.Add($"'{name}' must be a whole number.");
        return null;
    }

    public static double? Fraction(JsonElement input, string name, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (input.ValueKind != JsonValueKind.Object || !input.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number))
        {
            return number;
        }

        errors.Add($"'{name}' must be a number.");
        return null;
    }

    public static bool Bool(JsonElement input, string name, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (input.ValueKind != JsonValueKind.Object || !input.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.Add($"'{name}' must be true or false.");
        return false;
    }

    public static List<string>? StringList(JsonElement input, string name, List<string> errors, bool required)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (input.ValueKind != JsonValueKind.Object || !input.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add($"'{name}' is required.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
        {
            errors.Add($"'{name}' must be a list of strings.");
            return null;
        }

        return [.. value.EnumerateArray().Select(item => item.GetString()!)];
    }

    public static Dictionary<string, string>? StringMap(JsonElement input, string name, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (input.ValueKind != JsonValueKind.Object || !input.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object || value.EnumerateObject().Any(item => item.Value.ValueKind != JsonValueKind.String))
        {
            errors.Add($"'{name}' must be an object of strings.");
            return null;
        }

        return value.EnumerateObject().ToDictionary(item => item.Name, item => item.Value.GetString()!, StringComparer.Ordinal);
    }
}
