using System.Globalization;
using Lightning.Monitoring.Analysis.Statistics;

namespace Lightning.Monitoring.Analysis.Anomalies;

/// <summary>
/// Median absolute deviation over the newest <see cref="AnomalySettings.MadWindow"/> points: the robust z-score of the
/// value against their median. Neither the median nor the MAD moves for a few outliers in the window.
/// </summary>
public static class MadModel
{
    public const string Name = "mad";

    internal static ModelVerdict Judge(ReadOnlySpan<double> history, double value, AnomalySettings settings, ModelContext context)
    {
        var window = history[Math.Max(0, history.Length - settings.MadWindow)..];
        var median = RobustStats.Median(window);
        var mad = RobustStats.Mad(window, median);
        if (mad == 0)
        {
            // Mostly-constant windows (counters at zero, quantised gauges): fall back to the mean absolute deviation.
            var sum = 0.0;
            foreach (var v in window) sum += Math.Abs(v - median);
            // For normal data σ ≈ 1.2533 × mean absolute deviation; keep `mad` in MAD units.
            mad = sum / window.Length * 1.2533 / RobustStats.MadToSigma;
        }
        var sigma = ModelScoring.Floor(RobustStats.MadToSigma * mad, median);
        return ModelScoring.Judge(Name, value, median, sigma, RobustStats.MadToSigma, "MADs",
            string.Create(CultureInfo.InvariantCulture, $"the median {ModelScoring.Number(median)} of the last {window.Length} points"),
            settings, context);
    }
}
