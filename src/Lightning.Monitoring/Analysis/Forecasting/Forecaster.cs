using Lightning.Core.Errors;
using Lightning.Monitoring.Analysis.Statistics;

namespace Lightning.Monitoring.Analysis.Forecasting;

/// <summary>Holt-Winters forecasts with prediction intervals, the season detected and the smoothing factors fitted when not given.</summary>
public static class Forecaster
{
    public const int MinPoints = 10;

    /// <summary>Series longer than this are not scanned lag by lag for a season (only the candidates are tried).</summary>
    const int FullSeasonScanLimit = 5000;

    static readonly double[] Alphas = [0.05, 0.1, 0.2, 0.35, 0.5, 0.8];
    static readonly double[] Betas = [0, 0.005, 0.02, 0.05, 0.15];
    static readonly double[] Gammas = [0.05, 0.15, 0.3, 0.5];

    public static Forecast Predict(ReadOnlySpan<long> timestampsNs, ReadOnlySpan<double> values, int horizonPoints, ForecastSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        TimeSeries.Validate(timestampsNs, values);
        if (horizonPoints is < 1 or > 1_000_000) throw new ValidationFailedException("The forecast horizon must be 1 to 1,000,000 points.");
        var (t, x) = TimeSeries.Finite(timestampsNs, values);
        if (x.Length < MinPoints)
            throw new ValidationFailedException($"A forecast needs at least {MinPoints} points; the series has {x.Length}.");
        var interval = TimeSeries.MedianIntervalNs(t);
        if (interval <= 0) throw new ValidationFailedException("A forecast needs points at distinct times.");

        var season = SeasonOf(x, interval, settings);
        var model = settings.Parameters is { } given ? HoltWinters.Fit(x, season, given) : BestFit(x, season);
        var predicted = Math.Max(1, model.Count - model.FirstPredicted);
        var sigma = Math.Sqrt(model.SquaredError / predicted);
        var z = RobustStats.InverseNormal(0.5 + settings.Confidence / 2);

        var times = new long[horizonPoints];
        var forecast = new double[horizonPoints];
        var lower = new double[horizonPoints];
        var upper = new double[horizonPoints];
        for (var h = 1; h <= horizonPoints; h++)
        {
            times[h - 1] = t[^1] + h * interval;
            forecast[h - 1] = model.Predict(h);
            var width = z * sigma * Math.Sqrt(model.VarianceFactor(Math.Min(h, 100_000)));
            lower[h - 1] = forecast[h - 1] - width;
            upper[h - 1] = forecast[h - 1] + width;
        }
        return new Forecast(times, forecast, lower, upper, model.SeasonLength, model.Parameters, sigma, settings.Confidence);
    }

    static int SeasonOf(double[] x, long intervalNs, ForecastSettings settings)
    {
        int ToPoints(TimeSpan span) => (int)Math.Round(span.Ticks * 100.0 / intervalNs);
        if (settings.Season is { } season) return season == TimeSpan.Zero ? 0 : ToPoints(season);
        var candidates = settings.SeasonCandidates.Select(ToPoints).ToArray();
        var found = SeasonDetector.DetectAmong(x, candidates);
        if (found == 0 && x.Length <= FullSeasonScanLimit) found = SeasonDetector.Detect(x, x.Length / 2);
        return found;
    }

    /// <summary>The smoothing factors with the smallest one-step squared error, over a coarse grid.</summary>
    static HoltWinters BestFit(double[] x, int season)
    {
        HoltWinters? best = null;
        var gammas = season > 0 && x.Length >= 2 * season ? Gammas : [0.0];
        foreach (var alpha in Alphas)
            foreach (var beta in Betas)
                foreach (var gamma in gammas)
                {
                    var fit = HoltWinters.Fit(x, season, new HoltWintersParameters(alpha, beta, gamma));
                    if (best is null || fit.SquaredError < best.SquaredError) best = fit;
                }
        return best!;
    }
}
