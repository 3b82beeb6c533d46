using System.Globalization;
using Lightning.Core.Errors;
using Lightning.Monitoring.Analysis.Statistics;
using Lightning.Monitoring.Analysis.Trends;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Analysis.Forecasting;

/// <summary>
/// Time until a growing resource (disk used %, memory used %) reaches a limit. The growth is the Theil-Sen line through
/// the history (robust to spikes and clean-ups of a few points); the limit counts as reached when the line plus the
/// series' usual peaks above it (the 95th percentile of the residuals, so daily highs count) gets there.
/// </summary>
public static class CapacityPlanner
{
    const double Significance = 0.05;

    public static CapacityEstimate Estimate(ReadOnlySpan<long> timestampsNs, ReadOnlySpan<double> values, double limit, TimeSpan horizon)
    {
        TimeSeries.Validate(timestampsNs, values);
        if (!double.IsFinite(limit)) throw new ValidationFailedException("The capacity limit must be a number.");
        if (horizon <= TimeSpan.Zero) throw new ValidationFailedException("The capacity horizon must be positive.");
        var (t, x) = TimeSeries.Downsample(timestampsNs, values, TrendAnalyzer.MaxPoints);
        if (x.Length < 10) throw new ValidationFailedException($"Capacity planning needs at least 10 points; the series has {x.Length}.");

        var ci = CultureInfo.InvariantCulture;
        var (rawT, rawX) = TimeSeries.Finite(timestampsNs, values);
        var current = rawX[^1];
        var now = Timestamps.FromNanoseconds(rawT[^1]);
        var hours = new double[t.Length];
        for (var i = 0; i < t.Length; i++) hours[i] = (t[i] - t[0]) / TimeSeries.NanosPerHour;
        var line = TheilSen.Fit(hours, x, 1 - Significance);
        var test = MannKendall.Test(x);
        var slopePerDay = line.Slope * 24;
        var confidence = 1 - test.PValue;

        if (current >= limit)
            return new(CapacityOutlook.AtLimit, now, now, now, 1, current, limit, slopePerDay,
                string.Create(ci, $"already at {ModelText(current)}, the limit is {ModelText(limit)}"));
        if (line.Slope <= 0 || test.PValue >= Significance)
            return new(CapacityOutlook.NotWithinHorizon, null, null, null, confidence, current, limit, slopePerDay,
                line.Slope <= 0 || test.Z <= 0
                    ? string.Create(ci, $"not growing ({slopePerDay:0.####}/day): the limit {ModelText(limit)} is not reached")
                    : string.Create(ci, $"no significant growth (p = {test.PValue:0.###}): the limit {ModelText(limit)} is not expected within {TimeSeries.Describe(horizon)}"));

        var residuals = new double[x.Length];
        for (var i = 0; i < x.Length; i++) residuals[i] = x[i] - line.At(hours[i]);
        var peak = Math.Max(0, RobustStats.QuantileInPlace(residuals, 0.95));
        var hoursNow = (rawT[^1] - t[0]) / TimeSeries.NanosPerHour;
        var gap = limit - (line.At(hoursNow) + peak);
        DateTimeOffset? After(double slopePerHour) =>
            slopePerHour <= 0 ? null : gap <= 0 ? now : now.AddHours(Math.Min(gap / slopePerHour, 24 * 365 * 1000));
        var at = After(line.Slope)!.Value;
        var earliest = After(line.SlopeHigh);
        var latest = After(line.SlopeLow);
        if (at - now > horizon)
            return new(CapacityOutlook.NotWithinHorizon, at, earliest, latest, confidence, current, limit, slopePerDay,
                string.Create(ci, $"growing {slopePerDay:0.####}/day: the limit {ModelText(limit)} would be reached in about {TimeSeries.Describe(at - now)}, beyond the {TimeSeries.Describe(horizon)} horizon"));
        return new(CapacityOutlook.WillReachLimit, at, earliest, latest, confidence, current, limit, slopePerDay,
            string.Create(ci, $"growing {slopePerDay:0.####}/day: reaches {ModelText(limit)} in about {TimeSeries.Describe(at - now)} ({at:yyyy-MM-dd HH:mm} UTC; ")
            + (latest is null
                ? string.Create(ci, $"from {earliest:yyyy-MM-dd HH:mm} at the earliest")
                : string.Create(ci, $"between {earliest:yyyy-MM-dd HH:mm} and {latest:yyyy-MM-dd HH:mm}"))
            + string.Create(ci, $" at 95 %; confidence in the growth {confidence:P1})"));
    }

    static string ModelText(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
