using System.Globalization;

namespace Lightning.Cli.Output;

/// <summary>How values look in human output: times in the local time zone, short; durations and names readable.</summary>
internal static class Formats
{
    public const string None = "-";

    public static string Time(DateTimeOffset? value) =>
        value is { } time ? TimeZoneInfo.ConvertTime(time, TimeZoneInfo.Local).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : None;

    /// <summary>Like <see cref="Time"/>, with seconds: for one object shown in detail.</summary>
    public static string TimeWithSeconds(DateTimeOffset? value) =>
        value is { } time ? TimeZoneInfo.ConvertTime(time, TimeZoneInfo.Local).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : None;

    public static string Duration(long? milliseconds)
    {
        if (milliseconds is not { } ms)
        {
            return None;
        }

        if (ms < 1000)
        {
            return ms.ToString(CultureInfo.InvariantCulture) + " ms";
        }

        var span = TimeSpan.FromMilliseconds(ms);
        return span.TotalMinutes < 1
            ? span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
            : span.TotalHours < 1
                ? $"{(int)span.TotalMinutes}m {span.Seconds:00}s"
                : $"{(int)span.TotalHours}h {span.Minutes:00}m";
    }

    /// <summary>An enum value as the API writes it: <c>TimedOut</c> is <c>timed-out</c>.</summary>
    public static string Kebab<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static string Truncate(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 3), "...");
    }

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
