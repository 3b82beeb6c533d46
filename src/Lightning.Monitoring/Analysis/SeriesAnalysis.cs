using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Analysis;

/// <summary>One analysed series of a query's result: its name (<c>measurement.field{tags}</c>), tags, and the analysis.</summary>
public sealed record SeriesAnalysis<T>(string Name, IReadOnlyDictionary<string, string> Tags, T Result);

public static class SeriesNames
{
    public static string Of(SeriesResult series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var tags = series.Tags.Count == 0 ? "" : "{" + string.Join(',', series.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")) + "}";
        return $"{series.Measurement}.{series.Field}{tags}";
    }
}
