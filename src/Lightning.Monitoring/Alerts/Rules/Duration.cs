using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lightning.Core.Errors;

namespace Lightning.Monitoring.Alerts.Rules;

/// <summary>
/// Durations as people write them in alert rules (Prometheus style): <c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>2d</c>,
/// <c>500ms</c>; <c>00:05:00</c> is read too. Written back in the short form.
/// </summary>
public static class Duration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal))
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
        if (text == "0") return true;
        var total = TimeSpan.Zero;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
            if (start == i || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                return false;
            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i])) i++;
            var unit = text[unitStart..i];
            TimeSpan part;
            switch (unit)
            {
                case "ms": part = TimeSpan.FromMilliseconds(number); break;
                case "s": part = TimeSpan.FromSeconds(number); break;
                case "m": part = TimeSpan.FromMinutes(number); break;
                case "h": part = TimeSpan.FromHours(number); break;
                case "d": part = TimeSpan.FromDays(number); break;
                case "w": part = TimeSpan.FromDays(7 * number); break;
                default: return false;
            }

            total += part;
        }

        value = total;
        return true;
    }

    public static TimeSpan Parse(string text, string field) =>
        TryParse(text, out var value) ? value : throw new ValidationFailedException(new Dictionary<string, string[]>
        {
            [field] = [$"'{text}' is not a duration: write 30s, 5m, 1h30m or 2d."],
        });

    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero) return "0s";
        if (value.Ticks % TimeSpan.TicksPerSecond != 0) return $"{(long)value.TotalMilliseconds}ms";
        var text = new System.Text.StringBuilder();
        if (value.Days > 0) text.Append(CultureInfo.InvariantCulture, $"{value.Days}d");
        if (value.Hours > 0) text.Append(CultureInfo.InvariantCulture, $"{value.Hours}h");
        if (value.Minutes > 0) text.Append(CultureInfo.InvariantCulture, $"{value.Minutes}m");
        if (value.Seconds > 0) text.Append(CultureInfo.InvariantCulture, $"{value.Seconds}s");
        return text.ToString();
    }
}

/// <summary>Reads and writes a <see cref="TimeSpan"/> as <see cref="Duration"/> text.</summary>
public sealed class DurationJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number) return TimeSpan.FromSeconds(reader.GetDouble());
        var text = reader.GetString();
        return Duration.TryParse(text, out var value) ? value : throw new JsonException($"'{text}' is not a duration: write 30s, 5m, 1h30m or 2d.");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Duration.Format(value));
    }
}
