using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lightning.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lightning.Collaboration.Planning;

/// <summary>
/// A plan document read into a JSON tree, with where each value and field name starts in the text (1-based line and
/// column), keyed by JSON path (<c>$.subtasks[0].tool</c>, the form <see cref="JsonException.Path"/> uses).
/// </summary>
internal sealed partial class DocumentTree
{
    DocumentTree(JsonNode? root, Dictionary<string, (int Line, int Column)> positions)
    {
        Root = root;
        Positions = positions;
    }

    public JsonNode? Root { get; }

    public IReadOnlyDictionary<string, (int Line, int Column)> Positions { get; }

    public string At(string path) =>
        Positions.TryGetValue(path, out var position) ? $" (line {position.Line}, column {position.Column})" : string.Empty;

    public static string Child(string path, string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? $"{path}.{name}" : $"{path}['{name}']";

    public static string Item(string path, int index) => $"{path}[{index}]";

    static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static DocumentTree FromJson(string text)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1}" : string.Empty;
            throw Invalid("document", $"The document is not valid JSON{where}: {FirstSentence(ex.Message)}");
        }

        return new DocumentTree(root, JsonPositions(text));
    }

    public static DocumentTree FromYaml(string text)
    {
        var positions = new Dictionary<string, (int Line, int Column)>(StringComparer.Ordinal);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException is YamlException inner ? inner.Message : ex.Message;
            throw Invalid("document", $"The document is not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {message}");
        }

        if (stream.Documents.Count == 0)
        {
            throw Invalid("document", "The document is empty.");
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            throw Invalid("document", $"The document holds {stream.Documents.Count} YAML documents (the second starts at line {second.Line}); a plan is one document.");
        }

        var errors = new Validator();
        var root = Convert(stream.Documents[0].RootNode, "$", positions, errors);
        errors.ThrowIfInvalid();
        return new DocumentTree(root, positions);
    }

    static JsonNode? Convert(YamlNode node, string path, Dictionary<string, (int Line, int Column)> positions, Validator errors)
    {
        positions.TryAdd(path, ((int)node.Start.Line, (int)node.Start.Column));
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    if (keyNode is not YamlScalarNode { Value: { } key })
                    {
                        errors.Add(path, $"A key at line {keyNode.Start.Line}, column {keyNode.Start.Column} is not a plain name.");
                        continue;
                    }

                    var child = Child(path, key);
                    if (obj.ContainsKey(key))
                    {
                        errors.Add(child, $"The key '{key}' appears twice (line {keyNode.Start.Line}, column {keyNode.Start.Column}).");
                        continue;
                    }

                    // The key's position is the useful one for "unknown field" messages.
                    positions[child] = ((int)keyNode.Start.Line, (int)keyNode.Start.Column);
                    obj[key] = Convert(valueNode, child, positions, errors);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    array.Add(Convert(sequence.Children[i], Item(path, i), positions, errors));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                errors.Add(path, $"Unsupported YAML node at line {node.Start.Line}, column {node.Start.Column}.");
                return null;
        }
    }

    /// <summary>The YAML 1.2 core schema: unquoted null, booleans and numbers are typed, everything else is a string.</summary>
    static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (tag == "tag:yaml.org,2002:str" || (scalar.Style != ScalarStyle.Plain && tag is null))
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (value is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (IsInteger(value) && long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (IsNumber(value) && double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(value);
    }

    static bool IsInteger(string value)
    {
        var digits = value.AsSpan(value.StartsWith('-') || value.StartsWith('+') ? 1 : 0);
        return digits.Length > 0 && digits.Length < 19 && !digits.ContainsAnyExceptInRange('0', '9');
    }

    static bool IsNumber(string value) => Number().IsMatch(value);

    [System.Text.RegularExpressions.GeneratedRegex(@"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")]
    private static partial System.Text.RegularExpressions.Regex Number();

    /// <summary>Walks the JSON with a reader to note where each property name and array item starts.</summary>
    static Dictionary<string, (int Line, int Column)> JsonPositions(string text)
    {
        var positions = new Dictionary<string, (int Line, int Column)>(StringComparer.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(text);
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        (int, int) Position(long offset)
        {
            var line = lineStarts.BinarySearch((int)offset);
            line = line >= 0 ? line : ~line - 1;
            return (line + 1, Encoding.UTF8.GetCharCount(bytes, lineStarts[line], (int)offset - lineStarts[line]) + 1);
        }

        // Each open container: its path, and for arrays the next index (-1 for objects).
        var stack = new Stack<(string Path, int Next)>();
        string? pending = null;
        var reader = new Utf8JsonReader(bytes, ReaderOptions);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                pending = Child(stack.Peek().Path, reader.GetString()!);
                positions.TryAdd(pending, Position(reader.TokenStartIndex));
                continue;
            }

            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                stack.Pop();
                continue;
            }

            string path;
            if (pending is not null)
            {
                path = pending;
                pending = null;
            }
            else if (stack.Count > 0)
            {
                var (parent, next) = stack.Pop();
                stack.Push((parent, next + 1));
                path = Item(parent, next);
                positions.TryAdd(path, Position(reader.TokenStartIndex));
            }
            else
            {
                path = "$";
                positions.TryAdd(path, Position(reader.TokenStartIndex));
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                stack.Push((path, reader.TokenType == JsonTokenType.StartArray ? 0 : -1));
            }
        }

        return positions;
    }

    static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    internal static ValidationFailedException Invalid(string field, string message) =>
        new(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });
}
