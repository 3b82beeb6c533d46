using Lightning.Monitoring.Analysis.Statistics;

namespace Lightning.Monitoring.Analysis.Trends;

/// <summary>A Theil-Sen line: the median of pairwise slopes, its confidence interval, and the median intercept.</summary>
public sealed record TheilSenFit(double Slope, double Intercept, double SlopeLow, double SlopeHigh)
{
    public double At(double x) => Intercept + Slope * x;
}

/// <summary>
/// Theil-Sen regression: robust to outliers (up to 29 % of the points) where least squares is not. The slope's
/// confidence interval is Sen's, from the Mann-Kendall variance. O(n²): bucket long series first.
/// </summary>
public static class TheilSen
{
    public static TheilSenFit Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double confidence = 0.95)
    {
        if (x.Length != y.Length) throw new ArgumentException("x and y differ in length.", nameof(y));
        var n = x.Length;
        if (n < 2) return new TheilSenFit(0, n == 1 ? y[0] : double.NaN, 0, 0);
        var slopes = new List<double>(n * (n - 1) / 2);
        for (var i = 0; i < n - 1; i++)
            for (var j = i + 1; j < n; j++)
                if (x[j] != x[i]) slopes.Add((y[j] - y[i]) / (x[j] - x[i]));
        if (slopes.Count == 0) return new TheilSenFit(0, RobustStats.Median(y), 0, 0);
        var sorted = slopes.ToArray();
        Array.Sort(sorted);
        var slope = MedianOfSorted(sorted);

        var intercepts = new double[n];
        for (var i = 0; i < n; i++) intercepts[i] = y[i] - slope * x[i];
        var intercept = RobustStats.MedianInPlace(intercepts);

        var variance = MannKendall.Test(y).Variance;
        var c = RobustStats.InverseNormal(0.5 + confidence / 2) * Math.Sqrt(Math.Max(variance, 0));
        var lowRank = (int)Math.Floor((sorted.Length - c) / 2);
        var highRank = (int)Math.Ceiling((sorted.Length + c) / 2);
        var low = sorted[Math.Clamp(lowRank, 0, sorted.Length - 1)];
        var high = sorted[Math.Clamp(highRank, 0, sorted.Length - 1)];
        return new TheilSenFit(slope, intercept, low, high);
    }

    static double MedianOfSorted(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
