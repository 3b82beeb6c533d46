using System.Text.Json;
using Lightning.Collaboration.History;

namespace Lightning.Cli.Api;

/// <summary>One message of a collaboration's WebSocket: <c>{ sequence, type, at, subtask, data }</c>, with its data as sent.</summary>
internal sealed record CollaborationStreamEvent(long Sequence, string Type, DateTimeOffset At, string? Subtask, JsonElement Data)
{
    public bool IsFinished => Type == CollaborationEventTypes.Finished;

    /// <summary>A string property of the data, or null when it has none.</summary>
    public string? Text(string name) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A whole-number property of the data, or null when it has none.</summary>
    public long? Number(string name) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) ? number : null;

    public bool? Flag(string name) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;

    public static CollaborationStreamEvent Parse(JsonElement json)
    {
        var sequence = json.TryGetProperty("sequence", out var s) && s.TryGetInt64(out var number) ? number : 0;
        var type = json.TryGetProperty("type", out var t) ? t.GetString() ?? string.Empty : string.Empty;
        var at = json.TryGetProperty("at", out var a) && a.TryGetDateTimeOffset(out var when) ? when : DateTimeOffset.MinValue;
        var subtask = json.TryGetProperty("subtask", out var st) && st.ValueKind == JsonValueKind.String ? st.GetString() : null;
        var data = json.TryGetProperty("data", out var d) ? d : default;
        return new CollaborationStreamEvent(sequence, type, at, subtask, data);
    }
}
