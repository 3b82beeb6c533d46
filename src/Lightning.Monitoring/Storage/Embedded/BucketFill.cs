using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Storage.Embedded;

/// <summary>Turns the non-empty buckets of one group into the series a query returns, filling empty ones as InfluxQL's fill() does.</summary>
internal static class BucketFill
{
    /// <param name="first">The first bucket's start (aligned to the epoch).</param>
    /// <param name="end">The query's exclusive end.</param>
    /// <param name="times">Starts of the non-empty buckets, ascending.</param>
    public static (long[] Times, double[] Values) Apply(long first, long end, long width, List<long> times, List<double> values, Fill fill)
    {
        if (fill == Fill.None) return (times.ToArray(), values.ToArray());
        var count = (int)((end - first + width - 1) / width);
        var outTimes = new long[count];
        var outValues = new double[count];
        var next = 0;
        for (var i = 0; i < count; i++)
        {
            var start = first + i * width;
            outTimes[i] = start;
            if (next < times.Count && times[next] == start)
            {
                outValues[i] = values[next++];
                continue;
            }
            outValues[i] = fill switch
            {
                Fill.Zero => 0,
                Fill.Previous => i > 0 ? outValues[i - 1] : double.NaN,
                _ => double.NaN,
            };
        }
        if (fill == Fill.Linear) Interpolate(outTimes, outValues, times);
        return (outTimes, outValues);
    }

    /// <summary>Empty buckets between two non-empty ones get the straight line between them; leading and trailing stay NaN.</summary>
    static void Interpolate(long[] times, double[] values, List<long> filled)
    {
        var present = new HashSet<long>(filled);
        var previous = -1;
        for (var i = 0; i < times.Length; i++)
        {
            if (!present.Contains(times[i])) continue;
            if (previous >= 0 && i - previous > 1)
            {
                var slope = (values[i] - values[previous]) / (times[i] - times[previous]);
                for (var j = previous + 1; j < i; j++) values[j] = values[previous] + slope * (times[j] - times[previous]);
            }
            previous = i;
        }
    }
}
