using System.Buffers;
using System.Globalization;
using Lightning.Monitoring.Analysis.Forecasting;
using Lightning.Monitoring.Analysis.Statistics;

namespace Lightning.Monitoring.Analysis.Anomalies;

/// <summary>
/// Seasonal additive Holt-Winters fitted over the history with fixed smoothing factors; the value is judged against the
/// one-step forecast, with a prediction interval from the robust scale of the newest one-step residuals. A season that
/// repeats in the history (a daily peak) is part of the forecast, so it is not an anomaly.
/// </summary>
public static class HoltWintersModel
{
    public const string Name = "holt-winters";

    internal static ModelVerdict Judge(ReadOnlySpan<double> history, double value, AnomalySettings settings, ModelContext context)
    {
        var parameters = new HoltWintersParameters(settings.HoltWintersAlpha, settings.HoltWintersBeta, settings.HoltWintersGamma);
        var residuals = ArrayPool<double>.Shared.Rent(history.Length);
        try
        {
            var model = HoltWinters.Fit(history, context.SeasonLength, parameters, residuals.AsSpan(0, history.Length), settings.SeasonalSmoothing);
            var expected = model.Predict();
            var from = Math.Max(model.FirstPredicted, history.Length - settings.ResidualWindow);
            var recent = residuals.AsSpan(from, history.Length - from);
            double sigma;
            if (recent.Length >= 5)
            {
                for (var i = 0; i < recent.Length; i++) recent[i] = Math.Abs(recent[i]);
                sigma = RobustStats.MadToSigma * RobustStats.MedianInPlace(recent);
            }
            else
            {
                sigma = RobustStats.MadToSigma * RobustStats.Mad(history, RobustStats.Median(history));
            }
            sigma = ModelScoring.Floor(sigma, expected);
            var season = model.SeasonLength > 0 ? $"season {model.SeasonLength} points" : "no season";
            var against = string.Create(CultureInfo.InvariantCulture,
                $"the forecast {ModelScoring.Number(expected)} ({season}; interval {ModelScoring.Number(expected - settings.Threshold * context.TailFactor * sigma)}"
                + $" to {ModelScoring.Number(expected + settings.Threshold * context.TailFactor * sigma)})");
            return ModelScoring.Judge(Name, value, expected, sigma, 1, "σ", against, settings, context);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(residuals);
        }
    }
}
