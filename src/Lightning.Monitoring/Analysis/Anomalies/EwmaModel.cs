using System.Globalization;

namespace Lightning.Monitoring.Analysis.Anomalies;

/// <summary>
/// Exponentially weighted moving average with an exponentially weighted scale: the z-score of the value against the
/// smoothed mean. The scale is the smoothed absolute residual × √(π/2) (σ for normal noise, and less swayed by heavy
/// tails than a variance); updates are clipped at 3σ (Huber) so that past spikes neither drag the mean nor the scale.
/// </summary>
public static class EwmaModel
{
    public const string Name = "ewma";
    const double Clip = 3;
    const double AbsoluteToSigma = 1.2533;

    internal static ModelVerdict Judge(ReadOnlySpan<double> history, double value, AnomalySettings settings, ModelContext context)
    {
        var (mean, sigma) = Smooth(history, settings.EwmaAlpha, settings.EwmaVarianceAlpha);
        sigma = ModelScoring.Floor(sigma, mean);
        return ModelScoring.Judge(Name, value, mean, sigma, 1, "σ",
            string.Create(CultureInfo.InvariantCulture, $"the moving average {ModelScoring.Number(mean)} (EWMA α={settings.EwmaAlpha:0.###})"),
            settings, context);
    }

    /// <summary>The smoothed mean and standard deviation after the whole history.</summary>
    public static (double Mean, double Sigma) Smooth(ReadOnlySpan<double> history, double alpha, double varianceAlpha)
    {
        var warm = Math.Min(history.Length, 20);
        var mean = Statistics.RobustStats.Median(history[..warm]);
        var sigma = Statistics.RobustStats.MadToSigma * Statistics.RobustStats.Mad(history[..warm], mean);
        for (var i = warm; i < history.Length; i++)
        {
            var residual = history[i] - mean;
            var limit = Clip * sigma;
            if (sigma > 0) residual = Math.Clamp(residual, -limit, limit);
            mean += alpha * residual;
            sigma += varianceAlpha * (AbsoluteToSigma * Math.Abs(residual) - sigma);
        }
        return (mean, sigma);
    }
}
