using System.Text;
using System.Text.Json;
using Lightning.Collaboration.Messaging;

namespace Lightning.Collaboration.Redis;

/// <summary>
/// The delivery history as stored in a stream entry: a compact JSON array
/// <c>[{"n":delivery,"t":unixMs,"c":consumer,"o":outcome,"r":reason}]</c>, simple enough for the lease reaper (Lua) to append to.
/// </summary>
internal static class DeliveryHistoryJson
{
    public const string Empty = "[]";

    public static IReadOnlyList<DeliveryAttempt> Parse(string? json)
    {
        if (string.IsNullOrEmpty(json) || json == Empty)
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        var attempts = new List<DeliveryAttempt>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            attempts.Add(new DeliveryAttempt(
                item.GetProperty("n").GetInt32(),
                DateTimeOffset.FromUnixTimeMilliseconds(item.GetProperty("t").GetInt64()),
                item.TryGetProperty("c", out var consumer) ? consumer.GetString() ?? string.Empty : string.Empty,
                item.GetProperty("o").GetString() ?? string.Empty,
                item.TryGetProperty("r", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null));
        }

        return attempts;
    }

    public static string Serialize(IEnumerable<DeliveryAttempt> attempts)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var attempt in attempts)
            {
                writer.WriteStartObject();
                writer.WriteNumber("n", attempt.Attempt);
                writer.WriteNumber("t", attempt.At.ToUnixTimeMilliseconds());
                writer.WriteString("c", attempt.Consumer);
                writer.WriteString("o", attempt.Outcome);
                if (attempt.Reason is not null)
                {
                    writer.WriteString("r", attempt.Reason);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
