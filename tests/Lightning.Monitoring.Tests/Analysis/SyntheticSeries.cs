namespace Lightning.Monitoring.Tests.Analysis;

/// <summary>Deterministic series for the analysis tests: evenly spaced points, normal noise from a seeded generator.</summary>
public static class SyntheticSeries
{
    public const long Start = 1_767_571_200_000_000_000L; // 2026-01-05 00:00 UTC

    public static long[] Times(int count, TimeSpan step)
    {
        var times = new long[count];
        for (var i = 0; i < count; i++) times[i] = Start + i * step.Ticks * 100;
        return times;
    }

    public static double[] Noise(int count, double sigma, int seed)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        return values;
    }

    public static double[] Plus(this double[] values, Func<int, double> shape)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++) result[i] = values[i] + shape(i);
        return result;
    }
}
