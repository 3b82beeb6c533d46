using Lightning.Benchmarks.MetricStore;
using Lightning.Benchmarks.Reporting;

namespace Lightning.Benchmarks;

// --only metricstore: issue 6's embedded metric store against InfluxDB 1.6.7.
internal static partial class BenchmarkRunner
{
    const double IngestTargetPointsPerSecond = 1_000_000;
    const double BytesPerPointTarget = 2;
    const double RawHourP99TargetMs = 5;
    const double DayBucketsP99TargetMs = 50;
    const double QuerySpeedupTarget = 5;

    static async Task<int> RunMetricStoreAsync(BenchOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine();
        output.WriteLine("6. Metric store: the embedded DuckDB store (in process) against InfluxDB 1.6.7 (influxd, HTTP) on the same generated host metrics");
        MetricStoreResult result;
        try
        {
            result = await new MetricStoreBenchmark(options.Quick, options.DataParent ?? Path.GetTempPath(), output).RunAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException or System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine($"error: the metric store benchmark failed: {ex.Message}");
            return ExitFailed;
        }

        var ours = result.Ours;
        var influx = result.Influx;
        double P(double[] values, double fraction) => Stats.Percentile(values.Order().ToArray(), fraction);
        var table = new TextTable("figure", "ours", "InfluxDB 1.6.7", "ratio ours/Influx", "target", "verdict");
        string Verdict(bool met) => met ? "met" : "MISSED";
        table.Add("ingest (points/s)", Format.Number(ours.PointsPerSecond) + " in process", Format.Number(influx.PointsPerSecond) + " HTTP",
            Format.Ratio(ours.PointsPerSecond, influx.PointsPerSecond), "≥ 1M/s in process", Verdict(ours.PointsPerSecond >= IngestTargetPointsPerSecond));
        table.Add("disk after compaction (bytes/point)", Format.Number(ours.BytesPerPoint, "0.00"), Format.Number(influx.BytesPerPoint, "0.00"),
            Format.Ratio(ours.BytesPerPoint, influx.BytesPerPoint), "≤ 2 and ≤ 0.5× Influx",
            Verdict(ours.BytesPerPoint <= BytesPerPointTarget && ours.BytesPerPoint <= influx.BytesPerPoint / 2));
        table.Add("  (ours: file + WAL per point)", Format.Number(ours.FileBytesPerPoint, "0.00"), string.Empty, string.Empty, string.Empty, string.Empty);
        foreach (var (name, mine, theirs, target) in new[]
        {
            ("1 series x 1 h raw", ours.RawHourMs, influx.RawHourMs, RawHourP99TargetMs),
            ("  same, another series each run (ours: chunk cache cold)", ours.RawHourColdMs, influx.RawHourColdMs, RawHourP99TargetMs),
            ($"{result.CpuSeries} series x {(options.Quick ? 2 : 24)} h, 1-min means", ours.DayBucketsMs, influx.DayBucketsMs, DayBucketsP99TargetMs),
        })
        {
            table.Add($"{name}: p50 (ms)", Format.Ms(P(mine, 0.5)), Format.Ms(P(theirs, 0.5)), Format.Ratio(P(mine, 0.5), P(theirs, 0.5)), string.Empty, string.Empty);
            var p99 = P(mine, 0.99);
            var ratio = P(theirs, 0.99) / p99;
            table.Add($"{name}: p99 (ms)", Format.Ms(p99), Format.Ms(P(theirs, 0.99)), Format.Ratio(p99, P(theirs, 0.99)),
                $"≤ {target} ms, ≥ {QuerySpeedupTarget}× faster", Verdict(p99 <= target && ratio >= QuerySpeedupTarget));
        }
        output.WriteLine();
        output.WriteLine($"metric store: {result.Points:#,0} points in {result.Series} series; query figures over {ours.DayBucketsMs.Length} alternating runs after 3 warm-ups "
            + $"({ours.RawHourMs.Length} of the same-series raw hour, each side); "
            + $"ours: {result.OursIngestNote}. A shared machine: read the ratios, not the absolute figures.");
        output.Write(table.ToString());
        output.WriteLine(options.Quick ? "OK: the metric store benchmark ran and both stores gave the same answers." : "Done.");
        return ExitOk;
    }
}
