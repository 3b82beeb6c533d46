using System.Text.Json.Nodes;

namespace Lightning.Testing.Generation.CSharp;

/// <summary>
/// The edge cases of a C# parameter by its declared type: typical first, then zero, -1, the type's MaxValue/MinValue,
/// empty and blank strings, unicode, large (<c>new string('x', 1000)</c>, <c>new int[1000]</c>), and null for
/// reference and nullable types. Each input is a C# literal for the test and the same value as JSON for the harness.
/// </summary>
internal static class CSharpInputs
{
    sealed record Input(string Label, string Source, JsonNode? Json);

    static readonly string[] Sequences = ["List", "IList", "ICollection", "IEnumerable", "IReadOnlyList", "IReadOnlyCollection"];

    /// <summary>Whether inputs are generated for a declared type (primitives, strings, arrays and lists of them).</summary>
    public static bool Supports(string? type) => type is not null && Inputs(type).Count > 0;

    public static IReadOnlyList<GeneratedInput> For(TestPointParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return [.. Inputs(parameter.Type ?? string.Empty).Select(input => new GeneratedInput(input.Label, input.Source))];
    }

    /// <summary>The JSON value the harness converts to the parameter's type for <paramref name="source"/>, one of <see cref="For"/>'s literals.</summary>
    public static JsonNode? Json(string? type, string source)
    {
        var input = Inputs(type ?? string.Empty).FirstOrDefault(input => input.Source == source)
            ?? throw new ArgumentException($"'{source}' is not an input generated for {type}.", nameof(source));
        return input.Json?.DeepClone();
    }

    static List<Input> Inputs(string declared)
    {
        var type = Normalise(declared);
        var nullable = type.EndsWith('?');
        type = type.TrimEnd('?');
        var inputs = Scalar(type);
        var reference = false;
        if (inputs.Count == 0 && Element(type) is { } element && Scalar(element).Count > 0)
        {
            inputs = Sequence(type, element);
            reference = true;
        }

        if (inputs.Count == 0)
        {
            return inputs;
        }

        if (nullable || reference || type == "string")
        {
            // null! for a parameter declared non-nullable: the test still compiles where nullable warnings are errors.
            inputs.Add(new Input("null", nullable ? "null" : "null!", null));
        }

        return inputs;
    }

    static string Normalise(string type)
    {
        var text = type.Replace("global::", string.Empty, StringComparison.Ordinal).Replace("System.Collections.Generic.", string.Empty, StringComparison.Ordinal).Trim();
        text = text.StartsWith("System.", StringComparison.Ordinal) ? text["System.".Length..] : text;
        return text switch
        {
            "Int32" => "int",
            "Int64" => "long",
            "Int16" => "short",
            "Byte" => "byte",
            "Double" => "double",
            "Single" => "float",
            "Decimal" => "decimal",
            "String" => "string",
            "Boolean" => "bool",
            "Char" => "char",
            _ => text,
        };
    }

    /// <summary>The element type of <c>T[]</c> or <c>List&lt;T&gt;</c>-like types; null otherwise.</summary>
    static string? Element(string type)
    {
        if (type.EndsWith("[]", StringComparison.Ordinal))
        {
            return Normalise(type[..^2]);
        }

        var open = type.IndexOf('<', StringComparison.Ordinal);
        return open > 0 && type.EndsWith('>') && Sequences.Contains(type[..open]) ? Normalise(type[(open + 1)..^1]) : null;
    }

    static List<Input> Scalar(string type)
    {
        static Input Number(string label, string source, JsonNode json) => new(label, source, json);
        return type switch
        {
            "int" =>
            [
                Number("typical", "3", 3), Number("zero", "0", 0), Number("negative", "-1", -1),
                Number("max_value", "int.MaxValue", int.MaxValue), Number("min_value", "int.MinValue", int.MinValue),
            ],
            "long" =>
            [
                Number("typical", "3", 3), Number("zero", "0", 0), Number("negative", "-1", -1),
                Number("max_value", "long.MaxValue", long.MaxValue), Number("min_value", "long.MinValue", long.MinValue),
            ],
            "short" => [Number("typical", "3", 3), Number("zero", "0", 0), Number("negative", "-1", -1), Number("max_value", "short.MaxValue", short.MaxValue)],
            "byte" or "ushort" or "uint" or "ulong" =>
            [
                Number("typical", "3", 3), Number("zero", "0", 0),
                Number("max_value", $"{type}.MaxValue", type switch
                {
                    "byte" => byte.MaxValue,
                    "ushort" => ushort.MaxValue,
                    "uint" => uint.MaxValue,
                    _ => JsonValue.Create(ulong.MaxValue),
                }),
            ],
            "double" =>
            [
                Number("typical", "2.5", 2.5), Number("zero", "0.0", 0.0), Number("negative", "-1.5", -1.5),
                Number("large", "1e300", 1e300), Number("tiny", "1e-9", 1e-9),
            ],
            "float" => [Number("typical", "2.5f", 2.5f), Number("zero", "0f", 0f), Number("negative", "-1.5f", -1.5f), Number("max_value", "float.MaxValue", float.MaxValue)],
            "decimal" => [Number("typical", "2.5m", 2.5m), Number("zero", "0m", 0m), Number("negative", "-1.5m", -1.5m), Number("max_value", "decimal.MaxValue", decimal.MaxValue)],
            "bool" => [new("true", "true", true), new("false", "false", false)],
            "char" => [new("typical", "'a'", "a"), new("digit", "'7'", "7"), new("space", "' '", " "), new("unicode", "'é'", "é")],
            "string" =>
            [
                new("typical", "\"abc\"", "abc"), new("empty_string", "\"\"", string.Empty), new("unicode", "\"héllo ☃ 日本\"", "héllo ☃ 日本"),
                new("blank", "\"   \"", "   "), new("digits", "\"42\"", "42"), new("large_string", "new string('x', 1000)", new string('x', 1000)),
            ],
            _ => [],
        };
    }

    /// <summary>Collection inputs as collection expressions (<c>[3, 1, 2]</c>, <c>[]</c>), which every supported sequence type accepts.</summary>
    static List<Input> Sequence(string type, string element)
    {
        var items = Scalar(element);
        var typical = items.Take(3).ToList();
        var list = new List<Input>
        {
            new("typical", $"[{string.Join(", ", typical.Select(i => i.Source))}]", new JsonArray([.. typical.Select(i => i.Json?.DeepClone())])),
            new("empty_list", "[]", new JsonArray()),
            new("single_item", $"[{items[0].Source}]", new JsonArray(items[0].Json?.DeepClone())),
        };
        if (element is not ("string" or "char" or "bool"))
        {
            // A large collection of default values: new int[1000] (List<T> and the interfaces take it through a spread).
            var large = type.EndsWith("[]", StringComparison.Ordinal) ? $"new {element}[1000]" : $"[.. new {element}[1000]]";
            list.Add(new("large_list", large, new JsonArray([.. Enumerable.Repeat(0, 1000).Select(zero => (JsonNode?)JsonValue.Create(zero))])));
        }

        return list;
    }
}
