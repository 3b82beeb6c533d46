using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Ingest.Json;

/// <summary>
/// <c>POST /api/v2/monitoring/points</c>: <c>{"points":[{"measurement":"cpu","tags":{"host":"a"},"fields":{"usage":0.5,
/// "up":true,"state":"ok","count":{"integer":3}},"time":"2026-01-01T00:00:00Z"}]}</c>. JSON numbers are floats; an
/// integer field is written <c>{"integer": n}</c>. Without <c>time</c> (or <c>timestampNs</c>) a point is stamped now.
/// </summary>
public sealed record JsonPointsRequest(IReadOnlyList<JsonPoint>? Points);

public sealed record JsonPoint(
    string? Measurement,
    IReadOnlyDictionary<string, string>? Tags,
    IReadOnlyDictionary<string, JsonElement>? Fields,
    DateTimeOffset? Time = null,
    long? TimestampNs = null);

public static class JsonPoints
{
    public const int MaxPoints = 100_000;

    public static PointBatch ToBatch(JsonPointsRequest request, long nowNs)
    {
        ArgumentNullException.ThrowIfNull(request);
        var points = request.Points ?? [];
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (points.Count == 0) errors["points"] = ["Send at least one point."];
        if (points.Count > MaxPoints) errors["points"] = [$"At most {MaxPoints} points per request."];
        if (errors.Count > 0) throw new ValidationFailedException(errors);

        var batch = new PointBatch(points.Count * 2);
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            var at = $"points[{i}]";
            if (point is null) { errors[at] = ["A point is null."]; continue; }
            if (string.IsNullOrEmpty(point.Measurement)) { errors[at + ".measurement"] = ["A point needs a measurement."]; continue; }
            if (point.Fields is not { Count: > 0 }) { errors[at + ".fields"] = ["A point needs at least one field."]; continue; }
            SeriesKey series;
            try
            {
                series = new SeriesKey(point.Measurement, point.Tags);
            }
            catch (ValidationFailedException error)
            {
                errors[at + ".tags"] = [error.Message];
                continue;
            }

            var timestamp = point.TimestampNs ?? (point.Time is { } time ? Timestamps.ToNanoseconds(time) : nowNs);
            var values = new List<(string, FieldValue)>(point.Fields.Count);
            foreach (var (name, element) in point.Fields)
            {
                if (string.IsNullOrEmpty(name)) { errors[at + ".fields"] = ["A field has an empty name."]; continue; }
                if (Value(element) is { } value) values.Add((name, value));
                else errors[$"{at}.fields.{name}"] = ["A field is a number, true/false, a string, or {\"integer\": n}."];
            }

            if (values.Count != point.Fields.Count) continue;
            var index = batch.AddSeries(series);
            foreach (var (name, value) in values) batch.Add(index, name, timestamp, value);
        }

        if (errors.Count > 0) throw new ValidationFailedException(errors);
        return batch;
    }

    static FieldValue? Value(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetDouble(out var number) && double.IsFinite(number) => FieldValue.OfFloat(number),
        JsonValueKind.True => FieldValue.OfBoolean(true),
        JsonValueKind.False => FieldValue.OfBoolean(false),
        JsonValueKind.String => FieldValue.OfString(element.GetString()!),
        JsonValueKind.Object when element.TryGetProperty("integer", out var integer) && integer.TryGetInt64(out var whole) => FieldValue.OfInteger(whole),
        _ => null,
    };
}
