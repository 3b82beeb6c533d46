namespace Lightning.Monitoring.Analysis.Statistics;

/// <summary>
/// Order statistics over spans without allocating per call where avoidable. Selection is done in place on a scratch copy
/// (Hoare's quickselect), O(n) on average, because the anomaly models run these on every evaluation.
/// </summary>
public static class RobustStats
{
    /// <summary>1 / Φ⁻¹(3/4): turns a median absolute deviation into a standard deviation for normal data.</summary>
    public const double MadToSigma = 1.4826;

    public static double Median(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return double.NaN;
        var scratch = values.Length <= 512 ? stackalloc double[values.Length] : new double[values.Length];
        values.CopyTo(scratch);
        return MedianInPlace(scratch);
    }

    /// <summary>The median, reordering <paramref name="values"/>.</summary>
    public static double MedianInPlace(Span<double> values)
    {
        if (values.IsEmpty) return double.NaN;
        var n = values.Length;
        var upper = Select(values, n / 2);
        if ((n & 1) == 1) return upper;
        // After selecting n/2, the elements left of it are all ≤; their maximum is the lower middle.
        var lower = double.NegativeInfinity;
        for (var i = 0; i < n / 2; i++) if (values[i] > lower) lower = values[i];
        return (lower + upper) / 2;
    }

    /// <summary>Median absolute deviation from <paramref name="center"/> (not scaled).</summary>
    public static double Mad(ReadOnlySpan<double> values, double center)
    {
        if (values.IsEmpty) return double.NaN;
        var scratch = values.Length <= 512 ? stackalloc double[values.Length] : new double[values.Length];
        for (var i = 0; i < values.Length; i++) scratch[i] = Math.Abs(values[i] - center);
        return MedianInPlace(scratch);
    }

    /// <summary>The q-quantile (0..1) with linear interpolation between order statistics.</summary>
    public static double Quantile(ReadOnlySpan<double> values, double q)
    {
        if (values.IsEmpty) return double.NaN;
        var scratch = values.Length <= 512 ? stackalloc double[values.Length] : new double[values.Length];
        values.CopyTo(scratch);
        return QuantileInPlace(scratch, q);
    }

    public static double QuantileInPlace(Span<double> values, double q)
    {
        if (values.IsEmpty) return double.NaN;
        q = Math.Clamp(q, 0, 1);
        var position = q * (values.Length - 1);
        var low = (int)Math.Floor(position);
        var lowValue = Select(values, low);
        if (low == values.Length - 1) return lowValue;
        // The next order statistic is the minimum of the part right of the selected one.
        var next = double.PositiveInfinity;
        for (var i = low + 1; i < values.Length; i++) if (values[i] < next) next = values[i];
        return lowValue + (position - low) * (next - lowValue);
    }

    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return double.NaN;
        var sum = 0.0;
        foreach (var v in values) sum += v;
        return sum / values.Length;
    }

    /// <summary>Sample standard deviation (n − 1).</summary>
    public static double StandardDeviation(ReadOnlySpan<double> values)
    {
        if (values.Length < 2) return double.NaN;
        var mean = Mean(values);
        var sum = 0.0;
        foreach (var v in values) sum += (v - mean) * (v - mean);
        return Math.Sqrt(sum / (values.Length - 1));
    }

    /// <summary>The k-th smallest (0-based) element; reorders the span so that it sits at index k.</summary>
    public static double Select(Span<double> values, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, values.Length);
        int left = 0, right = values.Length - 1;
        while (left < right)
        {
            var pivot = MedianOfThree(values[left], values[left + (right - left) / 2], values[right]);
            int i = left, j = right;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i > j) break;
                (values[i], values[j]) = (values[j], values[i]);
                i++;
                j--;
            }
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else return values[k];
        }
        return values[k];
    }

    static double MedianOfThree(double a, double b, double c) =>
        a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);

    /// <summary>Standard normal cumulative distribution (Abramowitz-Stegun 7.1.26 through erf, error below 1.5e-7).</summary>
    public static double NormalCdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + 0.3275911 * x);
        var erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    /// <summary>Two-sided p-value of a standard normal statistic.</summary>
    public static double TwoSidedP(double z) => 2 * (1 - NormalCdf(Math.Abs(z)));

    /// <summary>The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9).</summary>
    public static double InverseNormal(double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(p, 1);
        ReadOnlySpan<double> a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        ReadOnlySpan<double> b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        ReadOnlySpan<double> c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        ReadOnlySpan<double> d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        var r = p - 0.5;
        var s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}
