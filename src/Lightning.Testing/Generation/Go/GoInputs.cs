using System.Globalization;

namespace Lightning.Testing.Generation.Go;

/// <summary>
/// Go's edge cases and mock data: the helper gives every parameter's type as the package writes it, with its
/// underlying shape when that differs (<c>Celsius (float64)</c>, <c>*Config (*struct)</c>, <c>Stack ([]int)</c>), so
/// each input is a literal that compiles for that type: zero, negative, one and the type's boundaries for numbers (no
/// negatives for unsigned ones), empty, blank, digits, unicode and long strings, empty and nil slices and maps,
/// nil and zero values for pointers, and <c>*new(T)</c> — the zero value — for anything else.
/// </summary>
internal static class GoInputs
{
    public static IReadOnlyList<GeneratedInput> For(TestPointParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var (written, shape) = Split(parameter.Type ?? "any");
        return [.. Values(written, shape, depth: 0).DistinctBy(input => input.Source)];
    }

    /// <summary><c>Celsius (float64)</c> → (Celsius, float64); <c>int</c> → (int, int).</summary>
    public static (string Written, string Shape) Split(string type)
    {
        var text = type.Trim();
        if (text.EndsWith(')') && text.LastIndexOf(" (", StringComparison.Ordinal) is var open and > 0 && Balanced(text[..open]))
        {
            return (text[..open], text[(open + 2)..^1]);
        }

        return (text, text);
    }

    static bool Balanced(string text) => text.Count(c => c is '(' or '[' or '{') == text.Count(c => c is ')' or ']' or '}');

    static IEnumerable<GeneratedInput> Values(string written, string shape, int depth)
    {
        switch (shape)
        {
            case "int" or "int64":
                return Integers(signed: true, max: "9223372036854775807", min: "-9223372036854775808");
            case "int32" or "rune":
                return Integers(signed: true, max: "2147483647", min: "-2147483648");
            case "int16":
                return Integers(signed: true, max: "32767", min: "-32768");
            case "int8":
                return Integers(signed: true, max: "127", min: "-128");
            case "uint" or "uint64" or "uintptr":
                return Integers(signed: false, max: "18446744073709551615", min: null);
            case "uint32":
                return Integers(signed: false, max: "4294967295", min: null);
            case "uint16":
                return Integers(signed: false, max: "65535", min: null);
            case "uint8" or "byte":
                return Integers(signed: false, max: "255", min: null);
            case "float64" or "float32":
                return
                [
                    new("typical", "2.5"), new("zero", "0"), new("negative", "-1.5"),
                    new("large", shape == "float32" ? "3.4e+38" : "1e+300"), new("tiny", "1e-09"),
                ];
            case "string":
                return
                [
                    new("typical", "\"abc\""), new("empty_string", "\"\""), new("unicode", "\"héllo ☃ 日本\""), new("blank", "\"   \""),
                    new("digits", "\"42\""), new("large_string", "strings.Repeat(\"x\", 1000)"),
                ];
            case "bool":
                return [new("true", "true"), new("false", "false")];
            case "error":
                return [new("nil", "nil"), new("typical", "errors.New(\"boom\")")];
            case "any":
                return [new("number", "3"), new("text", "\"abc\""), new("nil", "nil")];
            case "struct":
                return [new("zero_value", $"{written}{{}}")];
        }

        if (shape.StartsWith("[]", StringComparison.Ordinal) && depth == 0)
        {
            return Slices(written, shape[2..]);
        }

        if (shape.StartsWith("map[", StringComparison.Ordinal) && depth == 0 && MapParts(shape) is { } parts)
        {
            var key = Values(parts.Key, parts.Key, depth + 1).Take(2).ToList();
            var value = Values(parts.Value, parts.Value, depth + 1).FirstOrDefault();
            var entries = key.Count == 2 && value is not null && key[0].Source != key[1].Source
                ? $"{key[0].Source}: {value.Source}, {key[1].Source}: {value.Source}"
                : null;
            return entries is null
                ? [new("empty_map", $"{written}{{}}"), new("nil", "nil")]
                : [new("typical", $"{written}{{{entries}}}"), new("empty_map", $"{written}{{}}"), new("nil", "nil")];
        }

        if (shape == "*struct" && written.StartsWith('*'))
        {
            return [new("typical", $"&{written[1..]}{{}}"), new("nil", "nil")];
        }

        if (shape.StartsWith('*') || shape is "interface" or "func" or "chan")
        {
            return shape.StartsWith('*') ? [new("typical", $"new({written[1..]})"), new("nil", "nil")] : [new("nil", "nil")];
        }

        return [new("zero_value", $"*new({written})")];
    }

    static IEnumerable<GeneratedInput> Integers(bool signed, string max, string? min)
    {
        yield return new("typical", "3");
        yield return new("zero", "0");
        if (signed)
        {
            yield return new("negative", "-7");
        }

        yield return new("one", "1");
        yield return new("large", max.Length > 12 ? "1000000000000" : max);
        yield return new("max", max);
        if (min is not null)
        {
            yield return new("min", min);
        }
    }

    /// <summary>Slices of what <see cref="Values"/> gives the element type: typical, empty, nil, one item, and edge items.</summary>
    static List<GeneratedInput> Slices(string written, string element)
    {
        var (elementWritten, elementShape) = Split(element);
        var items = Values(elementWritten, elementShape, depth: 1).Where(input => !input.Source.StartsWith("strings.", StringComparison.Ordinal)).ToList();
        var type = written;
        if (items.Count == 0)
        {
            return [new("empty_slice", $"{type}{{}}"), new("nil", "nil")];
        }

        var typical = string.Join(", ", items.Take(3).Select(input => input.Source));
        var inputs = new List<GeneratedInput>
        {
            new("typical", $"{type}{{{typical}}}"),
            new("empty_slice", $"{type}{{}}"),
            new("nil", "nil"),
            new("single_item", $"{type}{{{items[0].Source}}}"),
        };
        var edges = items.Where(input => input.Label is "negative" or "zero" or "unicode" or "empty_string" or "blank").Select(input => input.Source).ToList();
        if (edges.Count > 0)
        {
            inputs.Add(new("edge_items", $"{type}{{{string.Join(", ", edges)}}}"));
        }

        if (elementShape is "int" or "int64" or "float64" or "string")
        {
            inputs.Add(new("large_slice", string.Create(CultureInfo.InvariantCulture, $"make({type}, 1000)")));
        }

        return inputs;
    }

    /// <summary><c>map[string][]int</c> → (string, []int).</summary>
    static (string Key, string Value)? MapParts(string shape)
    {
        var depth = 0;
        for (var index = 4; index < shape.Length; index++)
        {
            depth += shape[index] switch { '[' => 1, ']' => -1, _ => 0 };
            if (depth < 0)
            {
                return (shape[4..index], shape[(index + 1)..]);
            }
        }

        return null;
    }
}
