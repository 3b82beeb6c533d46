namespace Lightning.Monitoring.Analysis.Statistics;

/// <summary>
/// Finds a season length (in points) by autocorrelation of the linearly detrended series. A lag counts as a season when
/// its autocorrelation is at least <see cref="MinAutocorrelation"/> and higher than at half the lag (a cycle is
/// anti-correlated at half its period, a slow drift is not).
/// </summary>
public static class SeasonDetector
{
    public const double MinAutocorrelation = 0.3;

    /// <summary>
    /// The longest candidate lag (points) that is seasonal beyond the shorter seasons already found, or 0. Candidates are
    /// tried shortest first; once one is found, its average cycle is taken out before the longer ones are tried. So a
    /// week only wins over a day when the week has a pattern of its own, and a day wins over an hour when a smooth daily
    /// cycle merely looked correlated an hour apart.
    /// </summary>
    public static int DetectAmong(ReadOnlySpan<double> values, ReadOnlySpan<int> candidateLags)
    {
        var residual = Detrend(values);
        var lags = candidateLags.ToArray();
        Array.Sort(lags);
        var best = 0;
        foreach (var lag in lags)
        {
            if (lag < 4 || lag <= best || values.Length < 2 * lag) continue;
            var acf = OverlapCorrelation(residual, lag);
            if (acf < MinAutocorrelation || acf <= OverlapCorrelation(residual, lag / 2)) continue;
            best = lag;
            RemoveCycle(residual, lag);
        }
        return best;
    }

    /// <summary>Subtracts from each point the mean of its slot in a cycle of <paramref name="lag"/> points.</summary>
    static void RemoveCycle(double[] values, int lag)
    {
        var sums = new double[lag];
        var counts = new int[lag];
        for (var i = 0; i < values.Length; i++)
        {
            sums[i % lag] += values[i];
            counts[i % lag]++;
        }
        for (var i = 0; i < values.Length; i++) values[i] -= sums[i % lag] / counts[i % lag];
    }

    /// <summary>The seasonal lag in 4..maxLag with the highest autocorrelation at a local peak, or 0.</summary>
    public static int Detect(ReadOnlySpan<double> values, int maxLag)
    {
        maxLag = Math.Min(maxLag, values.Length / 2);
        if (maxLag < 4) return 0;
        var detrended = Detrend(values);
        var acf = new double[maxLag + 2];
        for (var lag = 1; lag <= Math.Min(maxLag + 1, values.Length - 1); lag++) acf[lag] = Autocorrelation(detrended, lag);
        var best = 0;
        var bestAcf = MinAutocorrelation;
        for (var lag = 4; lag <= maxLag; lag++)
        {
            var isPeak = acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1];
            // Prefer the shortest strong period: a multiple of the season is about as strong as the season itself.
            if (isPeak && acf[lag] > bestAcf + 0.05 && acf[lag] > acf[lag / 2])
            {
                best = lag;
                bestAcf = acf[lag];
            }
        }
        return best;
    }

    /// <summary>
    /// The correlation of the series with itself <paramref name="lag"/> points later, over the pairs that exist (the
    /// points present at both ends). <see cref="Autocorrelation"/> divides the same sum by the energy of the whole
    /// series, which shrinks it by (n − lag)/n: with two cycles of history, a daily pattern correlated at 0.6 read 0.3 and
    /// went unnoticed until the third day was half over. A candidate lag needs two cycles, so there are always at least
    /// as many pairs as the lag itself.
    /// </summary>
    public static double OverlapCorrelation(ReadOnlySpan<double> centered, int lag)
    {
        if (lag <= 0 || lag >= centered.Length) return 0;
        double num = 0, early = 0, late = 0;
        for (var i = lag; i < centered.Length; i++)
        {
            num += centered[i] * centered[i - lag];
            late += centered[i] * centered[i];
            early += centered[i - lag] * centered[i - lag];
        }
        return early == 0 || late == 0 ? 0 : num / Math.Sqrt(early * late);
    }

    public static double Autocorrelation(ReadOnlySpan<double> centered, int lag)
    {
        if (lag <= 0 || lag >= centered.Length) return 0;
        double num = 0, den = 0;
        for (var i = 0; i < centered.Length; i++)
        {
            den += centered[i] * centered[i];
            if (i >= lag) num += centered[i] * centered[i - lag];
        }
        return den == 0 ? 0 : num / den;
    }

    /// <summary>The residuals of a least-squares line through (index, value).</summary>
    public static double[] Detrend(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        var result = new double[n];
        if (n == 0) return result;
        double meanX = (n - 1) / 2.0, meanY = RobustStats.Mean(values);
        double sxy = 0, sxx = 0;
        for (var i = 0; i < n; i++)
        {
            sxy += (i - meanX) * (values[i] - meanY);
            sxx += (i - meanX) * (i - meanX);
        }
        var slope = sxx == 0 ? 0 : sxy / sxx;
        for (var i = 0; i < n; i++) result[i] = values[i] - meanY - slope * (i - meanX);
        return result;
    }
}
