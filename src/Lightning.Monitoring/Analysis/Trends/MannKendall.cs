using Lightning.Monitoring.Analysis.Statistics;

namespace Lightning.Monitoring.Analysis.Trends;

/// <summary>The Mann-Kendall test statistic S, its variance (with the correction for ties), the normal score Z and the two-sided p-value.</summary>
public sealed record MannKendallResult(double S, double Variance, double Z, double PValue);

/// <summary>
/// The Mann-Kendall trend test: counts pairs that rise against pairs that fall; no assumption about the distribution.
/// O(n²), so callers bucket long series first (autocorrelated points also overstate significance; bucketing helps there too).
/// </summary>
public static class MannKendall
{
    public static MannKendallResult Test(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        if (n < 3) return new MannKendallResult(0, 0, 0, 1);
        double s = 0;
        for (var i = 0; i < n - 1; i++)
            for (var j = i + 1; j < n; j++)
                s += Math.Sign(values[j] - values[i]);

        var variance = n * (n - 1.0) * (2 * n + 5);
        foreach (var tie in TieSizes(values)) variance -= tie * (tie - 1.0) * (2 * tie + 5);
        variance /= 18;
        var z = variance <= 0 ? 0 : s > 0 ? (s - 1) / Math.Sqrt(variance) : s < 0 ? (s + 1) / Math.Sqrt(variance) : 0;
        return new MannKendallResult(s, variance, z, RobustStats.TwoSidedP(z));
    }

    static List<int> TieSizes(ReadOnlySpan<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var sizes = new List<int>();
        var run = 1;
        for (var i = 1; i <= sorted.Length; i++)
        {
            if (i < sorted.Length && sorted[i] == sorted[i - 1]) { run++; continue; }
            if (run > 1) sizes.Add(run);
            run = 1;
        }
        return sizes;
    }
}
