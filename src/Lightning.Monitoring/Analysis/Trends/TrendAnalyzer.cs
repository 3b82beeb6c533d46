using System.Globalization;
using Lightning.Core.Errors;
using Lightning.Monitoring.Analysis.Statistics;

namespace Lightning.Monitoring.Analysis.Trends;

/// <summary>Trend of a series: Theil-Sen slope, Mann-Kendall significance and change points, over at most <see cref="MaxPoints"/> bucket means.</summary>
public static class TrendAnalyzer
{
    /// <summary>Longer series are bucketed to this many means (both statistics are O(n²)).</summary>
    public const int MaxPoints = 400;

    public static TrendReport Analyze(ReadOnlySpan<long> timestampsNs, ReadOnlySpan<double> values, double significance = 0.05)
    {
        TimeSeries.Validate(timestampsNs, values);
        if (significance is <= 0 or >= 0.5) throw new ValidationFailedException("The significance level must be between 0 and 0.5.");
        var (t, x) = TimeSeries.Downsample(timestampsNs, values, MaxPoints);
        if (x.Length < 3) throw new ValidationFailedException($"A trend needs at least 3 points; the series has {x.Length}.");

        var hours = new double[t.Length];
        for (var i = 0; i < t.Length; i++) hours[i] = (t[i] - t[0]) / TimeSeries.NanosPerHour;
        var line = TheilSen.Fit(hours, x, 1 - significance);
        var test = MannKendall.Test(x);
        var significant = test.PValue < significance && line.Slope != 0;
        var direction = !significant ? TrendDirection.Flat : line.Slope > 0 ? TrendDirection.Rising : TrendDirection.Falling;
        var changes = ChangePointDetector.Detect(t, x);

        var ci = CultureInfo.InvariantCulture;
        var summary = direction switch
        {
            TrendDirection.Flat => string.Create(ci, $"no significant trend (slope {line.Slope * 24:0.####}/day, p = {test.PValue:0.###})"),
            _ => string.Create(ci, $"{(direction == TrendDirection.Rising ? "rising" : "falling")} by {Math.Abs(line.Slope * 24):0.####}/day ")
                + string.Create(ci, $"({line.SlopeLow * 24:0.####} to {line.SlopeHigh * 24:0.####} at {1 - significance:P0}; Mann-Kendall p = {test.PValue:0.####})"),
        };
        if (changes.Count > 0)
            summary += string.Create(ci, $"; {changes.Count} shift(s) in level, the largest {changes.MaxBy(c => Math.Abs(c.Shift))!.Shift:+0.###;-0.###}");
        return new TrendReport(direction, significant, line.Slope, line.Slope * 24, line.SlopeLow, line.SlopeHigh, test.Z, test.PValue, x.Length, changes, summary);
    }
}
