using System.Globalization;

namespace Lightning.Cli.Output;

/// <summary>Numbers and times of the analysis views for tables: ms since the epoch as UTC minutes, numbers to 3 decimals.</summary>
internal static class AnalysisText
{
    public static string Number(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "-";

    public static string Time(long? milliseconds) => milliseconds is { } ms
        ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
        : "-";

    public static string Tags(IReadOnlyDictionary<string, string> tags) =>
        tags.Count == 0 ? string.Empty : "{" + string.Join(",", tags.Select(tag => $"{tag.Key}={tag.Value}")) + "}";
}
