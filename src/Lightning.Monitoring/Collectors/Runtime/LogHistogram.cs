namespace Lightning.Monitoring.Collectors.Runtime;

/// <summary>
/// The values of one histogram over one interval, in logarithmic buckets 2% wide: bounded memory however many requests
/// come in, percentiles within about 1% of the true value, exact count, sum, min and max.
/// </summary>
internal sealed class LogHistogram
{
    const double Growth = 1.02;
    static readonly double LogGrowth = Math.Log(Growth);

    readonly Dictionary<int, long> _buckets = [];
    long _nonPositive;

    public long Count { get; private set; }
    public double Sum { get; private set; }
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;

    public void Record(double value)
    {
        if (double.IsNaN(value)) return;
        Count++;
        Sum += value;
        if (value < Min) Min = value;
        if (value > Max) Max = value;
        if (value <= 0)
        {
            _nonPositive++;
            return;
        }

        var index = (int)Math.Ceiling(Math.Log(value) / LogGrowth);
        _buckets[index] = _buckets.GetValueOrDefault(index) + 1;
    }

    /// <summary>The value below which <paramref name="percent"/> of the recorded values fall (bucket midpoint, clamped to min/max).</summary>
    public double Percentile(double percent)
    {
        if (Count == 0) return double.NaN;
        var rank = Math.Max(1, (long)Math.Ceiling(percent / 100 * Count));
        if (rank <= _nonPositive) return Math.Min(Min, 0);
        var seen = _nonPositive;
        foreach (var index in _buckets.Keys.Order())
        {
            seen += _buckets[index];
            if (seen >= rank) return Math.Clamp(Math.Pow(Growth, index - 0.5), Min, Max);
        }

        return Max;
    }

    public void Clear()
    {
        _buckets.Clear();
        _nonPositive = 0;
        Count = 0;
        Sum = 0;
        Min = double.PositiveInfinity;
        Max = double.NegativeInfinity;
    }
}
