using Lightning.Monitoring.Analysis.Statistics;

namespace Lightning.Monitoring.Analysis.Forecasting;

/// <summary>Smoothing factors of additive Holt-Winters: level α, trend β, season γ.</summary>
public sealed record HoltWintersParameters(double Alpha, double Beta, double Gamma);

/// <summary>
/// Additive Holt-Winters (level + trend + season of <see cref="SeasonLength"/> points; without a season it is Holt's
/// linear method) fitted over evenly spaced points. The fit is robust: a residual beyond <see cref="ClipSigmas"/> times
/// the running residual scale updates the state as if it were that large, so one spike does not bend the model.
/// </summary>
public sealed class HoltWinters
{
    public const double ClipSigmas = 4;

    readonly double[] _seasonal;
    readonly int _smoothing;

    HoltWinters(int seasonLength, HoltWintersParameters parameters, int smoothing)
    {
        _smoothing = seasonLength >= 8 * (2 * smoothing + 1) ? smoothing : 0;
        SeasonLength = seasonLength;
        Parameters = parameters;
        _seasonal = new double[Math.Max(seasonLength, 1)];
    }

    public int SeasonLength { get; }
    public HoltWintersParameters Parameters { get; }
    public double Level { get; private set; }
    public double Trend { get; private set; }

    /// <summary>Points the state has absorbed (the next point has this index).</summary>
    public int Count { get; private set; }

    /// <summary>Sum of squared one-step residuals after the initialisation period.</summary>
    public double SquaredError { get; private set; }

    /// <summary>Index of the first point that got a real one-step prediction (before it, points initialised the state).</summary>
    public int FirstPredicted { get; private set; }

    /// <summary>
    /// Fits the model. A season needs at least two full seasons of points; with fewer, the fit is non-seasonal.
    /// <paramref name="residuals"/>, when given (same length as values), receives the one-step residuals (NaN during initialisation).
    /// </summary>
    /// <param name="seasonalSmoothing">
    /// When above 0, the seasonal term of a prediction is the median of the slot and this many neighbours each side:
    /// long seasons learnt from few cycles are noisy slot by slot, and a median keeps a sharp daily step sharp.
    /// </param>
    public static HoltWinters Fit(ReadOnlySpan<double> values, int seasonLength, HoltWintersParameters parameters, Span<double> residuals = default, int seasonalSmoothing = 0)
    {
        if (seasonLength > 0 && values.Length < 2 * seasonLength) seasonLength = 0;
        var model = new HoltWinters(seasonLength, parameters, seasonalSmoothing);
        model.Initialise(values);
        if (!residuals.IsEmpty) residuals[..Math.Min(model.Count, residuals.Length)].Fill(double.NaN);
        model.FirstPredicted = model.Count;
        var sigma = InitialSigma(values);
        for (var i = model.Count; i < values.Length; i++)
        {
            var residual = model.Update(values[i], ref sigma);
            if (!residuals.IsEmpty) residuals[i] = residual;
            model.SquaredError += residual * residual;
        }
        return model;
    }

    /// <summary>The forecast <paramref name="steps"/> points after the last one absorbed (1 is the next point).</summary>
    public double Predict(int steps = 1) =>
        Level + steps * Trend + (SeasonLength > 0 ? Seasonal((Count + steps - 1) % SeasonLength) : 0);

    double Seasonal(int slot)
    {
        if (_smoothing == 0) return _seasonal[slot];
        var m = SeasonLength;
        if (_smoothing == 2 && slot >= 2 && slot < m - 2)
            return Median5(_seasonal[slot - 2], _seasonal[slot - 1], _seasonal[slot], _seasonal[slot + 1], _seasonal[slot + 2]);
        Span<double> around = stackalloc double[2 * _smoothing + 1];
        for (var j = -_smoothing; j <= _smoothing; j++) around[j + _smoothing] = _seasonal[(slot + j + SeasonLength) % SeasonLength];
        return RobustStats.MedianInPlace(around);
    }

    /// <summary>
    /// How much wider than one step the forecast error is h steps ahead (variance ratio), for additive Holt-Winters:
    /// 1 + Σ_{j=1}^{h-1} (α + jαβ + γ·[j mod m = 0])².
    /// </summary>
    public double VarianceFactor(int steps)
    {
        var (a, b, g) = Parameters;
        var factor = 1.0;
        for (var j = 1; j < steps; j++)
        {
            var c = a + j * a * b + (SeasonLength > 0 && j % SeasonLength == 0 ? g : 0);
            factor += c * c;
        }
        return factor;
    }

    /// <summary>The median of five without sorting (this runs once per fitted point).</summary>
    internal static double Median5(double a, double b, double c, double d, double e)
    {
        if (a > b) (a, b) = (b, a);
        if (c > d) (c, d) = (d, c);
        // Drop the smaller of the two pair minima: it is below three others, so it cannot be the median.
        if (a < c)
        {
            a = e;
            if (a > b) (a, b) = (b, a);
        }
        else
        {
            c = e;
            if (c > d) (c, d) = (d, c);
        }
        // Of the two pairs left, the median is the smaller of the larger minimum and the smaller maximum.
        return a < c ? Math.Min(b, c) : Math.Min(a, d);
    }

    void Initialise(ReadOnlySpan<double> values)
    {
        var m = SeasonLength;
        if (m > 0)
        {
            var mean1 = RobustStats.Mean(values[..m]);
            var mean2 = RobustStats.Mean(values[m..(2 * m)]);
            Trend = (mean2 - mean1) / m;
            for (var i = 0; i < m; i++)
            {
                // Each season's own mean is centred on its middle; take the trend out before averaging the two.
                var centre = (m - 1) / 2.0;
                _seasonal[i] = ((values[i] - mean1 - (i - centre) * Trend) + (values[i + m] - mean2 - (i - centre) * Trend)) / 2;
            }
            // The state stands at the end of the second season.
            Level = mean2 + ((m - 1) / 2.0) * Trend;
            Count = 2 * m;
            return;
        }

        if (values.IsEmpty) return;
        var start = Math.Min(values.Length, 5);
        Level = RobustStats.Median(values[..start]);
        Trend = 0;
        Count = 1;
    }

    double Update(double value, ref double sigma)
    {
        var (alpha, beta, gamma) = Parameters;
        var predicted = Predict();
        var residual = value - predicted;
        var limit = ClipSigmas * sigma;
        var clipped = sigma > 0 ? Math.Clamp(residual, -limit, limit) : residual;
        // Running scale of residuals (mean absolute error × √(π/2) ≈ σ for normal residuals), itself from clipped values.
        sigma = sigma > 0 ? 0.98 * sigma + 0.02 * 1.2533 * Math.Abs(clipped) : 1.2533 * Math.Abs(residual);
        var observed = predicted + clipped;
        var seasonIndex = SeasonLength > 0 ? Count % SeasonLength : 0;
        var seasonal = SeasonLength > 0 ? Seasonal(seasonIndex) : 0;
        var level = alpha * (observed - seasonal) + (1 - alpha) * (Level + Trend);
        Trend = beta * (level - Level) + (1 - beta) * Trend;
        Level = level;
        if (SeasonLength > 0) _seasonal[seasonIndex] = gamma * (observed - level) + (1 - gamma) * _seasonal[seasonIndex];
        Count++;
        return residual;
    }

    /// <summary>A first residual scale from point-to-point changes (σ of a difference is √2 σ of the noise).</summary>
    static double InitialSigma(ReadOnlySpan<double> values)
    {
        var n = Math.Min(values.Length, 61);
        if (n < 3) return 0;
        Span<double> diffs = stackalloc double[n - 1];
        for (var i = 1; i < n; i++) diffs[i - 1] = values[i] - values[i - 1];
        var median = RobustStats.Median(diffs);
        return RobustStats.MadToSigma * RobustStats.Mad(diffs, median) / Math.Sqrt(2);
    }
}
