using System.Globalization;
using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lightning.Testing.Results.Tap;

/// <summary>
/// A YAML diagnostics block, read with YamlDotNet and mapped onto the model by the keys producers use: duration_ms,
/// message or error, name (the error type), stack, at or location (file and line). Other keys are kept as properties,
/// nested values as compact JSON.
/// </summary>
internal sealed class TapDiagnostics
{
    TapDiagnostics()
    {
    }

    public TimeSpan? Duration { get; private init; }

    public string? Message { get; private init; }

    public string? Type { get; private init; }

    public string? Stack { get; private init; }

    public string? File { get; private init; }

    public int? Line { get; private init; }

    public string? Location { get; private init; }

    public IReadOnlyList<TestProperty> Others { get; private init; } = [];

    /// <summary>Parses the block's text (already unindented); <paramref name="firstLine"/> is the file line of its first line, for errors.</summary>
    public static TapDiagnostics Parse(string yaml, string source, int firstLine)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException exception)
        {
            var errorLine = firstLine + (int)Math.Max(0, exception.Start.Line - 1);
            throw new MalformedReportException(source, errorLine, $"The YAML diagnostics block is not valid YAML: {exception.Message}", exception);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
        {
            var text = yaml.Trim();
            return new TapDiagnostics { Others = text.Length == 0 ? [] : [new TestProperty("diagnostic", text)] };
        }

        TimeSpan? duration = null;
        string? message = null, type = null, stack = null, file = null, location = null;
        int? line = null;
        var others = new List<TestProperty>();
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = keyNode is YamlScalarNode scalarKey ? scalarKey.Value ?? string.Empty : ToJson(keyNode);
            var scalar = (value as YamlScalarNode)?.Value;
            switch (key)
            {
                case "duration_ms" when scalar is not null && double.TryParse(scalar, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds):
                    duration = ReportValues.FromMilliseconds(milliseconds);
                    break;
                case "message" or "error" when scalar is not null && message is null:
                    message = scalar;
                    break;
                case "error" when value is YamlMappingNode error && message is null:
                    // node-tap style: error: { message, name, stack }
                    message = Scalar(error, "message");
                    type ??= Scalar(error, "name");
                    stack ??= Scalar(error, "stack");
                    break;
                case "name" when scalar is not null:
                    type = scalar;
                    break;
                case "stack" when scalar is not null:
                    stack = scalar;
                    break;
                case "at" or "location" when scalar is not null:
                    location = scalar;
                    (file, line) = SplitLocation(scalar);
                    break;
                case "at" or "location" when value is YamlMappingNode at:
                    file = Scalar(at, "file");
                    line = int.TryParse(Scalar(at, "line"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var atLine) ? atLine : null;
                    location = ToJson(at);
                    break;
                default:
                    others.Add(new TestProperty(key, scalar ?? ToJson(value)));
                    break;
            }
        }

        return new TapDiagnostics { Duration = duration, Message = message, Type = type, Stack = stack, File = file, Line = line, Location = location, Others = others };
    }

    /// <summary>"path/file.js:10:3" (Node) or "file.c:142": the path and line, when the tail is numeric.</summary>
    static (string? File, int? Line) SplitLocation(string location)
    {
        var parts = location.Split(':');
        var numeric = 0;
        for (var i = parts.Length - 1; i > 0 && numeric < 2 && int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out _); i--)
        {
            numeric++;
        }

        if (numeric == 0)
        {
            return (location, null);
        }

        var lineIndex = parts.Length - numeric;
        var line = int.Parse(parts[lineIndex], NumberStyles.None, CultureInfo.InvariantCulture);
        return (string.Join(':', parts[..lineIndex]), line);
    }

    static string? Scalar(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

    static string ToJson(YamlNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    static void Write(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    writer.WritePropertyName(key is YamlScalarNode scalarKey ? scalarKey.Value ?? string.Empty : ToJson(key));
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar when scalar.Style == ScalarStyle.Plain && (scalar.Value is null or "~" or "null"):
                writer.WriteNullValue();
                break;
            case YamlScalarNode scalar:
                writer.WriteStringValue(scalar.Value);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
