using System.Globalization;

namespace Lightning.Benchmarks.Anomaly;

internal enum NoiseKind
{
    Gaussian,
    Laplace,
    StudentT,
    Autocorrelated,
    Quantised,
}

internal enum InjectionKind
{
    Spike,
    LevelShift,
    VarianceBurst,
}

/// <summary>One injected anomaly: the points it covers in the series (inclusive).</summary>
internal sealed record Injection(InjectionKind Kind, int Start, int End, double Size);

/// <summary>A generated series: the clean version, the same series with anomalies injected, and where they are.</summary>
internal sealed record CorpusSeries(int Id, NoiseKind Noise, long[] Timestamps, double[] Clean, double[] Injected, IReadOnlyList<Injection> Injections)
{
    /// <summary>The noise's σ (in the series' unit): reports give deviations in it.</summary>
    public double Sigma { get; init; }

    /// <summary>The series' shape in words (level, trend, daily cycle, batch peak), for reports on false alerts and misses.</summary>
    public string Shape { get; init; } = "";

    /// <summary>The noise of every point in σ (what the clean copy adds to its shape, before quantising).</summary>
    public double[] NoiseSigmas { get; init; } = [];
}

/// <summary>
/// Synthetic monitoring series at one-minute resolution: level, trend, daily seasonality (a smooth daily cycle and, for
/// some, a sharp daily batch-job peak), and noise of five kinds (normal, Laplace and Student-t(5) heavy tails, AR(1)
/// autocorrelated, quantised to whole units). Every series has <see cref="HistoryDays"/> days of history before the
/// judged day; anomalies are injected only in the judged day. Sizes are in robust standard deviations of the noise
/// (1.4826 × MAD), the unit a person reading a chart would judge "far" in; for heavy-tailed noise they are
/// <see cref="HeavyTailSizeFactor"/> times larger, because such noise alone reaches 10σ every few days.
/// </summary>
internal static class AnomalyCorpus
{
    public const int PointsPerDay = 1440;
    public const int HistoryDays = 2;
    public const long MinuteNs = 60_000_000_000L;

    /// <summary>Start of the series: 2026-01-05 00:00 UTC (any fixed instant would do).</summary>
    const long StartNs = 1_767_571_200_000_000_000L;

    /// <summary>Anomalies injected into heavy-tailed series are this much larger (in robust σ).</summary>
    public const double HeavyTailSizeFactor = 2;

    public static int JudgedFrom => HistoryDays * PointsPerDay;

    public static CorpusSeries Generate(int id, int seed)
    {
        var random = new Random(unchecked(seed * 1_000_003 + id));
        var noise = (NoiseKind)(id % 5);
        var total = (HistoryDays + 1) * PointsPerDay;
        var level = Uniform(random, 10, 1000);
        var sigma = level * Uniform(random, 0.005, 0.05);
        var trendPerDay = Uniform(random, -2, 2) * sigma;
        var amplitude = Uniform(random, 0, 12) * sigma;
        var phase = Uniform(random, 0, 2 * Math.PI);
        var hasBatchPeak = random.NextDouble() < 0.3;
        var batchStart = random.Next(0, PointsPerDay - 60);
        var batchSize = Uniform(random, 8, 15) * sigma;

        var timestamps = new long[total];
        var clean = new double[total];
        var shape = new double[total];
        var noiseValues = new double[total];
        var ar = 0.0;
        for (var i = 0; i < total; i++)
        {
            timestamps[i] = StartNs + i * MinuteNs;
            var minuteOfDay = i % PointsPerDay;
            var value = level + trendPerDay * i / PointsPerDay + amplitude * Math.Sin(2 * Math.PI * minuteOfDay / PointsPerDay + phase);
            if (hasBatchPeak && minuteOfDay >= batchStart && minuteOfDay < batchStart + 30) value += batchSize;
            shape[i] = value;
            noiseValues[i] = noise switch
            {
                NoiseKind.Gaussian or NoiseKind.Quantised => Normal(random),
                // Scaled so that 1.4826 × MAD is 1, as for the normal.
                NoiseKind.Laplace => Laplace(random) / (1.4826 * Math.Log(2)),
                NoiseKind.StudentT => StudentT(random, 5) / (1.4826 * 0.7267),
                NoiseKind.Autocorrelated => ar = 0.8 * ar + Math.Sqrt(1 - 0.64) * Normal(random),
                _ => 0,
            };
            clean[i] = value + sigma * noiseValues[i];
            if (noise == NoiseKind.Quantised) clean[i] = Math.Round(clean[i] / sigma * 2) * sigma / 2;
        }

        // Heavy tails reach 8-10σ on their own every few days; an anomaly there has to be larger to be one at all
        // (spikes, shifts and the factor of a variance burst alike).
        var heavy = noise is NoiseKind.Laplace or NoiseKind.StudentT ? HeavyTailSizeFactor : 1;
        var injected = (double[])clean.Clone();
        var injections = new List<Injection>();
        var count = random.Next(1, 4);
        var next = JudgedFrom + random.Next(60, 300);
        for (var k = 0; k < count && next < total - 90; k++)
        {
            var kind = (InjectionKind)random.Next(0, 3);
            var sign = random.NextDouble() < 0.5 ? -1 : 1;
            switch (kind)
            {
                case InjectionKind.Spike:
                    {
                        var size = heavy * Uniform(random, 8, 16);
                        injected[next] += sign * size * sigma;
                        injections.Add(new(kind, next, next, size));
                        next += random.Next(120, 400);
                        break;
                    }
                case InjectionKind.VarianceBurst:
                    {
                        var factor = heavy * Uniform(random, 6, 10);
                        var length = random.Next(15, 45);
                        for (var i = next; i < next + length; i++) injected[i] = shape[i] + factor * sigma * noiseValues[i];
                        injections.Add(new(kind, next, next + length - 1, factor));
                        next += length + random.Next(120, 400);
                        break;
                    }
                case InjectionKind.LevelShift:
                    {
                        // A shift stays to the end of the day, so it is the last injection of its series.
                        var size = heavy * Uniform(random, 8, 16);
                        for (var i = next; i < total; i++) injected[i] += sign * size * sigma;
                        injections.Add(new(kind, next, next + 29, size));
                        next = total;
                        break;
                    }
            }
        }
        var batchText = hasBatchPeak ? string.Create(CultureInfo.InvariantCulture, $", batch peak {batchSize / sigma:0.0}σ at minute {batchStart}-{batchStart + 29}") : "";
        var shapeText = string.Create(CultureInfo.InvariantCulture,
            $"level {level:0.#}, σ {sigma:0.###}, trend {trendPerDay / sigma:+0.0;-0.0}σ/day, daily sine {amplitude / sigma:0.0}σ{batchText}");
        return new CorpusSeries(id, noise, timestamps, clean, injected, injections) { Sigma = sigma, Shape = shapeText, NoiseSigmas = noiseValues };
    }

    static double Uniform(Random random, double low, double high) => low + (high - low) * random.NextDouble();

    static double Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    static double Laplace(Random random)
    {
        var u = random.NextDouble() - 0.5;
        return -Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u));
    }

    static double StudentT(Random random, int degrees)
    {
        var chi = 0.0;
        for (var i = 0; i < degrees; i++)
        {
            var z = Normal(random);
            chi += z * z;
        }
        return Normal(random) / Math.Sqrt(chi / degrees);
    }
}
