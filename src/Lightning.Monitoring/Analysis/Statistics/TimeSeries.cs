namespace Lightning.Monitoring.Analysis.Statistics;

/// <summary>Small operations on (timestamps in ns, values) pairs that every analysis needs.</summary>
public static class TimeSeries
{
    public const long NanosPerSecond = 1_000_000_000L;
    public const double NanosPerHour = 3600.0 * NanosPerSecond;

    /// <summary>Checks that both spans have the same length and that timestamps do not go backwards.</summary>
    public static void Validate(ReadOnlySpan<long> timestampsNs, ReadOnlySpan<double> values)
    {
        if (timestampsNs.Length != values.Length)
            throw new ArgumentException($"{timestampsNs.Length} timestamps for {values.Length} values.", nameof(values));
        for (var i = 1; i < timestampsNs.Length; i++)
            if (timestampsNs[i] < timestampsNs[i - 1])
                throw new ArgumentException($"Timestamps go backwards at index {i}.", nameof(timestampsNs));
    }

    /// <summary>The points whose value is a finite number (stores return NaN for empty buckets).</summary>
    public static (long[] Timestamps, double[] Values) Finite(ReadOnlySpan<long> timestampsNs, ReadOnlySpan<double> values)
    {
        var count = 0;
        foreach (var v in values) if (double.IsFinite(v)) count++;
        var t = new long[count];
        var x = new double[count];
        var j = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i])) continue;
            t[j] = timestampsNs[i];
            x[j++] = values[i];
        }
        return (t, x);
    }

    public static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values) if (!double.IsFinite(v)) return false;
        return true;
    }

    /// <summary>The median gap between consecutive timestamps (0 when fewer than two points).</summary>
    public static long MedianIntervalNs(ReadOnlySpan<long> timestampsNs)
    {
        if (timestampsNs.Length < 2) return 0;
        var gaps = new double[timestampsNs.Length - 1];
        for (var i = 1; i < timestampsNs.Length; i++) gaps[i - 1] = timestampsNs[i] - timestampsNs[i - 1];
        return (long)RobustStats.MedianInPlace(gaps);
    }

    /// <summary>
    /// Means over fixed buckets aligned to the epoch; buckets without points are NaN. Used to align series for
    /// correlation and to bound the cost of O(n²) statistics.
    /// </summary>
    public static (long[] Timestamps, double[] Values) Bucket(ReadOnlySpan<long> timestampsNs, ReadOnlySpan<double> values, long fromNs, long toNs, long bucketNs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketNs);
        var start = FloorTo(fromNs, bucketNs);
        var count = (int)Math.Max(0, (toNs - start + bucketNs - 1) / bucketNs);
        var sums = new double[count];
        var counts = new int[count];
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]) || timestampsNs[i] < start || timestampsNs[i] >= toNs) continue;
            var b = (int)((timestampsNs[i] - start) / bucketNs);
            sums[b] += values[i];
            counts[b]++;
        }
        var t = new long[count];
        for (var b = 0; b < count; b++)
        {
            t[b] = start + b * bucketNs;
            sums[b] = counts[b] == 0 ? double.NaN : sums[b] / counts[b];
        }
        return (t, sums);
    }

    /// <summary>At most <paramref name="maxPoints"/> points: bucket means when the series is longer, else the finite points.</summary>
    public static (long[] Timestamps, double[] Values) Downsample(ReadOnlySpan<long> timestampsNs, ReadOnlySpan<double> values, int maxPoints)
    {
        var (t, x) = Finite(timestampsNs, values);
        if (t.Length <= maxPoints || t.Length < 2) return (t, x);
        var span = t[^1] - t[0] + 1;
        var bucket = Math.Max(1, (span + maxPoints - 1) / maxPoints);
        var (bt, bx) = Bucket(t, x, t[0], t[^1] + 1, bucket);
        return Finite(bt, bx);
    }

    public static long FloorTo(long timestampNs, long bucketNs)
    {
        var r = timestampNs % bucketNs;
        return r < 0 ? timestampNs - r - bucketNs : timestampNs - r;
    }

    public static string Describe(TimeSpan span) =>
        span.TotalDays >= 2 ? $"{span.TotalDays:0.#} days"
        : span.TotalHours >= 2 ? $"{span.TotalHours:0.#} hours"
        : span.TotalMinutes >= 2 ? $"{span.TotalMinutes:0.#} minutes"
        : $"{span.TotalSeconds:0.#} seconds";
}
