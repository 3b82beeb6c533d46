using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lightning.Core.Serialization;

namespace Lightning.Cli.Output;

/// <summary><c>--json</c>: one JSON document per command, indented, with the API's own shape.</summary>
internal static class JsonOutput
{
    // Output for a terminal or a pipe, never embedded in HTML: keep '+', quotes and non-ASCII text readable.
    static readonly JsonSerializerOptions Indented = new(LightningJson.Options)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter writer, JsonElement json)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(JsonSerializer.Serialize(json, Indented));
    }

    public static void Write(TextWriter writer, JsonNode? json)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(json?.ToJsonString(Indented) ?? "null");
    }

    /// <summary>A node holding a copy of the API's JSON, to compose with other values in one document.</summary>
    public static JsonNode? Node(JsonElement json) => json.ValueKind == JsonValueKind.Undefined ? null : JsonNode.Parse(json.GetRawText());
}
