namespace Lightning.Benchmarks.Reporting;

internal static class Stats
{
    /// <summary>Nearest-rank percentile of an ascending array; <paramref name="fraction"/> in [0, 1].</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double fraction)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Median of several runs with their range, for figures measured once per run.</summary>
    public static Spread Across(IEnumerable<double> perRun)
    {
        var values = perRun.ToArray();
        return values.Length == 0 ? new Spread(double.NaN, double.NaN, double.NaN) : new Spread(Median(values), values.Min(), values.Max());
    }
}
