using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage.Embedded;
using Lightning.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace Lightning.Monitoring.Tests.Storage;

/// <summary>A store in a temp directory with background jobs off, and known data whose answers the tests compute themselves.</summary>
internal sealed class StoreHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    readonly TempDirectory _directory = new();

    public StoreHarness(Action<EmbeddedStoreOptions>? configure = null)
    {
        Options = new EmbeddedStoreOptions
        {
            Path = _directory.Combine("metrics.duckdb"),
            Retention = null,
            MaintenanceInterval = TimeSpan.Zero,
            RetentionInterval = TimeSpan.Zero,
            QueryConnections = 2,
            Threads = 2,
        };
        configure?.Invoke(Options);
        Store = EmbeddedMetricStore.Open(Options, Time);
    }

    public FakeTimeProvider Time { get; } = new(T0);

    public EmbeddedStoreOptions Options { get; }

    public EmbeddedMetricStore Store { get; private set; }

    public string Combine(params string[] parts) => _directory.Combine(parts);

    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = EmbeddedMetricStore.Open(Options, Time);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        _directory.Dispose();
    }
}

/// <summary>One written value, kept by the test to compute expected answers independently of the store.</summary>
internal sealed record Sample(SeriesKey Series, long TimeNs, double Value);

internal static class StoreTestData
{
    public static readonly string[] Hosts = ["a", "b", "c"];

    public static string RegionOf(string host) => host == "c" ? "us" : "eu";

    /// <summary>
    /// Three series of <c>cpu</c> (host a, b, c; regions eu, eu, us), a point every 10 s for <paramref name="hours"/> hours,
    /// each host offset by a second so that first/last never tie; seeded noise.
    /// </summary>
    public static List<Sample> Cpu(int hours = 3, int seed = 7)
    {
        var random = new Random(seed);
        var samples = new List<Sample>();
        foreach (var (host, offset) in Hosts.Select((h, i) => (h, i)))
        {
            var series = new SeriesKey("cpu", [new("host", host), new("region", RegionOf(host))]);
            for (var s = 0; s < hours * 3600; s += 10)
            {
                var time = Timestamps.ToNanoseconds(StoreHarness.T0.AddSeconds(s + offset));
                samples.Add(new Sample(series, time, Math.Round(20 + offset * 10 + random.NextDouble() * 30, 2)));
            }
        }
        return samples;
    }

    public static PointBatch Batch(IEnumerable<Sample> samples, string field = "value")
    {
        var batch = new PointBatch();
        foreach (var sample in samples) batch.Add(batch.AddSeries(sample.Series), field, sample.TimeNs, FieldValue.OfFloat(sample.Value));
        return batch;
    }

    public static async Task WriteAsync(EmbeddedMetricStore store, IEnumerable<Sample> samples, string field = "value")
    {
        foreach (var chunk in samples.Chunk(1000)) await store.WriteAsync(Batch(chunk, field), TestContext.Current.CancellationToken);
    }

    /// <summary>The aggregate computed the way InfluxQL defines it, over values in time order.</summary>
    public static double Expected(Aggregate aggregate, IReadOnlyList<Sample> points, double percentile = 50)
    {
        var ordered = points.OrderBy(p => p.TimeNs).Select(p => p.Value).ToArray();
        var sorted = ordered.Order().ToArray();
        var n = sorted.Length;
        switch (aggregate)
        {
            case Aggregate.Mean: return ordered.Average();
            case Aggregate.Min: return sorted[0];
            case Aggregate.Max: return sorted[^1];
            case Aggregate.Sum: return ordered.Sum();
            case Aggregate.Count: return n;
            case Aggregate.First: return ordered[0];
            case Aggregate.Last: return ordered[^1];
            case Aggregate.Median: return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            case Aggregate.Stddev:
                if (n < 2) return double.NaN;
                var mean = ordered.Average();
                return Math.Sqrt(ordered.Sum(v => (v - mean) * (v - mean)) / (n - 1));
            case Aggregate.Percentile:
                var index = (int)Math.Floor(n * percentile / 100 + 0.5);
                return sorted[Math.Clamp(index, 1, n) - 1];
            default: throw new ArgumentOutOfRangeException(nameof(aggregate));
        }
    }

    public static void ShouldBeClose(this double actual, double expected, string because)
    {
        if (double.IsNaN(expected))
        {
            double.IsNaN(actual).ShouldBeTrue(because);
            return;
        }
        actual.ShouldBe(expected, Math.Max(1e-9, Math.Abs(expected) * 1e-12), because);
    }
}
