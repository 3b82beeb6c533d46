using System.Text.RegularExpressions;

namespace Lightning.Testing.Generation;

/// <summary>
/// The edge-case identifier and mock data generator: from a parameter's declared type (a Python annotation, a JSDoc
/// type), its default value or, failing both, its name, the inputs worth trying: a typical value, then boundaries,
/// empty, null/None, large, unicode and negative values. Literals are written for the target language.
/// </summary>
public static partial class EdgeCases
{
    /// <summary>What a parameter holds, as far as its declaration says.</summary>
    public enum Kind
    {
        Unknown,
        WholeNumber,
        Fraction,
        Text,
        Boolean,
        List,
        Map,
    }

    /// <summary>The inputs for <paramref name="parameter"/>, the typical one first.</summary>
    public static IReadOnlyList<GeneratedInput> For(TestPointParameter parameter, GenerationLanguage language)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (language == GenerationLanguage.Go)
        {
            return Go.GoInputs.For(parameter);
        }

        if (language == GenerationLanguage.CSharp)
        {
            return CSharp.CSharpInputs.For(parameter);
        }

        var (kind, element, nullable) = Classify(parameter, language);
        var inputs = Values(kind, element, language).ToList();
        var acceptsNull = language == GenerationLanguage.TypeScript
            ? TypeScriptAcceptsNull(parameter.Type)
            : nullable || kind == Kind.Unknown || language == GenerationLanguage.JavaScript;
        if (acceptsNull)
        {
            // null/None is an edge case of every JavaScript value and of optional or untyped Python ones; TypeScript
            // tests must type-check, so there only where the declared type admits it.
            inputs.Add(new GeneratedInput(language == GenerationLanguage.Python ? "none" : "null", Null(language)));
        }

        if (language is GenerationLanguage.JavaScript or GenerationLanguage.TypeScript && parameter.Default is not null)
        {
            inputs.Add(new GeneratedInput("undefined", "undefined"));
        }

        return inputs.DistinctBy(input => input.Source).ToList();
    }

    /// <summary>The typical value alone: what the other parameters hold while one is varied.</summary>
    public static GeneratedInput Typical(TestPointParameter parameter, GenerationLanguage language) => For(parameter, language)[0];

    public static (Kind Kind, Kind Element, bool Nullable) Classify(TestPointParameter parameter, GenerationLanguage language)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (parameter.Type is { Length: > 0 } type)
        {
            var (kind, element, nullable) = FromType(type);
            if (kind != Kind.Unknown)
            {
                return (kind, element, nullable || parameter.Default is "None" or "null");
            }
        }

        if (parameter.Default is { Length: > 0 } value)
        {
            var kind = FromLiteral(value);
            if (kind != Kind.Unknown)
            {
                return (kind, Kind.WholeNumber, false);
            }

            if (value is "None" or "null")
            {
                return (Kind.Unknown, Kind.Unknown, true);
            }
        }

        return (FromName(parameter.Name ?? string.Empty), Kind.WholeNumber, false);
    }

    static (Kind, Kind, bool) FromType(string type)
    {
        var text = type.Trim();
        var nullable = text.StartsWith('?') || OptionalPattern().IsMatch(text) || NonePattern().IsMatch(text);
        text = text.TrimStart('?');
        var optional = OptionalPattern().Match(text);
        if (optional.Success)
        {
            text = optional.Groups[1].Value;
        }

        // int | None, number|null: the first non-null member decides.
        var member = text.Split('|').Select(part => part.Trim()).FirstOrDefault(part => part is not ("None" or "null" or "undefined")) ?? text;
        var lower = member.ToLowerInvariant();
        if (lower.EndsWith("[]", StringComparison.Ordinal))
        {
            return (Kind.List, FromType(member[..^2]).Item1, nullable);
        }

        var generic = GenericPattern().Match(member);
        var head = (generic.Success ? generic.Groups[1].Value : member).ToLowerInvariant();
        var argument = generic.Success ? FromType(generic.Groups[2].Value.Split(',')[0]).Item1 : Kind.WholeNumber;
        return head switch
        {
            "int" or "integer" => (Kind.WholeNumber, Kind.Unknown, nullable),
            "float" or "number" or "decimal" or "double" => (Kind.Fraction, Kind.Unknown, nullable),
            "str" or "string" => (Kind.Text, Kind.Unknown, nullable),
            "bool" or "boolean" => (Kind.Boolean, Kind.Unknown, nullable),
            "list" or "sequence" or "iterable" or "tuple" or "array" or "readonlyarray" or "collection" => (Kind.List, argument == Kind.Unknown ? Kind.WholeNumber : argument, nullable),
            "dict" or "mapping" or "object" or "record" or "map" => (Kind.Map, Kind.Unknown, nullable),
            _ => (Kind.Unknown, Kind.Unknown, nullable),
        };
    }

    static Kind FromLiteral(string value) => value switch
    {
        "True" or "False" or "true" or "false" => Kind.Boolean,
        _ when IntegerPattern().IsMatch(value) => Kind.WholeNumber,
        _ when FloatPattern().IsMatch(value) => Kind.Fraction,
        _ when value.StartsWith('"') || value.StartsWith('\'') || value.StartsWith('`') => Kind.Text,
        _ when value.StartsWith('[') => Kind.List,
        _ when value.StartsWith('{') => Kind.Map,
        _ => Kind.Unknown,
    };

    /// <summary>Conventional names: <c>n</c>, <c>count</c>, <c>index</c> count; <c>text</c>, <c>name</c> are text; plurals are lists.</summary>
    static Kind FromName(string name)
    {
        var lower = name.ToLowerInvariant();
        if (lower is "n" or "i" or "j" or "k" or "count" or "index" or "size" or "length" or "limit" or "width" or "height" or "age" or "year"
            || lower.EndsWith("count", StringComparison.Ordinal) || lower.EndsWith("index", StringComparison.Ordinal) || lower.StartsWith("num", StringComparison.Ordinal))
        {
            return Kind.WholeNumber;
        }

        if (lower is "x" or "y" or "z" or "a" or "b" or "value" or "amount" or "price" or "rate" or "total" or "ratio" or "score")
        {
            return Kind.Fraction;
        }

        if (lower is "s" or "text" or "name" or "string" or "word" or "line" or "title" or "message" or "label" or "key" or "prefix" or "suffix" or "path" or "email" or "url" or "code"
            || lower.EndsWith("name", StringComparison.Ordinal) || lower.EndsWith("text", StringComparison.Ordinal) || lower.EndsWith("str", StringComparison.Ordinal))
        {
            return Kind.Text;
        }

        if (lower.StartsWith("is", StringComparison.Ordinal) || lower.StartsWith("has", StringComparison.Ordinal) || lower is "flag" or "enabled" or "strict")
        {
            return Kind.Boolean;
        }

        if (lower.EndsWith('s') && lower.Length > 2 || lower is "items" or "values" or "list" or "seq" or "xs" or "numbers")
        {
            return Kind.List;
        }

        return Kind.Unknown;
    }

    static IEnumerable<GeneratedInput> Values(Kind kind, Kind element, GenerationLanguage language)
    {
        var python = language == GenerationLanguage.Python;
        switch (kind)
        {
            case Kind.WholeNumber:
                yield return new("typical", "3");
                yield return new("zero", "0");
                yield return new("negative", "-7");
                yield return new("one", "1");
                yield return new("large", "1000000000000");
                break;
            case Kind.Fraction:
                yield return new("typical", "2.5");
                yield return new("zero", python ? "0.0" : "0");
                yield return new("negative", "-1.5");
                yield return new("large", "1e+300");
                yield return new("tiny", "1e-09");
                break;
            case Kind.Text:
                yield return new("typical", "'abc'");
                yield return new("empty_string", "''");
                yield return new("unicode", "'héllo ☃ 日本'");
                yield return new("blank", "'   '");
                yield return new("digits", "'42'");
                yield return new("large_string", python ? "'x' * 1000" : "'x'.repeat(1000)");
                break;
            case Kind.Boolean:
                yield return new("true", python ? "True" : "true");
                yield return new("false", python ? "False" : "false");
                break;
            case Kind.List:
                foreach (var input in Lists(element, python))
                {
                    yield return input;
                }

                break;
            case Kind.Map:
                yield return new("typical", python ? "{'a': 1, 'b': 2}" : "{ a: 1, b: 2 }");
                yield return new("empty_map", "{}");
                break;
            default:
                // Nothing declared: a few shapes, in the order most code expects them.
                yield return new("number", "3");
                yield return new("text", "'abc'");
                yield return new("empty_list", "[]");
                yield return new("negative", "-1");
                break;
        }
    }

    static IEnumerable<GeneratedInput> Lists(Kind element, bool python)
    {
        switch (element)
        {
            case Kind.Text:
                yield return new("typical", "['a', 'b', 'c']");
                yield return new("empty_list", "[]");
                yield return new("unicode_items", "['é', '日本', '']");
                break;
            case Kind.Fraction:
                yield return new("typical", "[1.5, 2.5, 3.0]");
                yield return new("empty_list", "[]");
                yield return new("negative_items", "[-1.5, 0.0, 2.0]");
                break;
            default:
                yield return new("typical", "[3, 1, 2]");
                yield return new("empty_list", "[]");
                yield return new("single_item", "[5]");
                yield return new("negative_items", "[-4, 0, 9]");
                yield return new("large_list", python ? "[7] * 1000" : "Array(1000).fill(7)");
                break;
        }
    }

    /// <summary>An undeclared (implicitly any) TypeScript parameter, <c>any</c>, <c>unknown</c> or a union with <c>null</c>.</summary>
    static bool TypeScriptAcceptsNull(string? type) =>
        type is null or "any" or "unknown" || type.Split('|').Any(member => member.Trim() is "null" or "any" or "unknown");

    static string Null(GenerationLanguage language) => language == GenerationLanguage.Python ? "None" : "null";

    [GeneratedRegex(@"^Optional\[(.*)\]$")]
    private static partial Regex OptionalPattern();

    [GeneratedRegex(@"\|\s*(None|null|undefined)\b|\b(None|null|undefined)\s*\|")]
    private static partial Regex NonePattern();

    [GeneratedRegex(@"^([A-Za-z_.]+)\s*[\[<](.*)[\]>]$")]
    private static partial Regex GenericPattern();

    [GeneratedRegex(@"^-?\d+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^-?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][-+]?\d+)$")]
    private static partial Regex FloatPattern();
}
