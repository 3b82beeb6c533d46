using Lightning.Benchmarks.Anomaly;
using Lightning.Monitoring.Analysis.Anomalies;

namespace Lightning.Benchmarks;

// --only anomaly: benchmark 5 of issue 6, the consensus anomaly detector against injected ground truth.
internal static partial class BenchmarkRunner
{
    const double DetectionTarget = 0.95;
    const double FalseAlertsPer100SeriesDaysTarget = 1;

    static int RunAnomaly(BenchOptions options, TextWriter output)
    {
        var settings = AnomalySettings.Default;
        var seeds = Enumerable.Range(options.AnomalyFirstSeed, options.AnomalyLastSeed - options.AnomalyFirstSeed + 1).ToList();
        output.WriteLine();
        output.WriteLine($"5 (issue 6). Anomaly detection: {options.AnomalySeries} generated series per seed, seed(s) {Seeds(seeds)} pooled, {AnomalyCorpus.HistoryDays} days of history + 1 judged day "
            + $"at 1-minute resolution, each with injected anomalies and as a clean copy; default settings (threshold {settings.Threshold}σ, "
            + $"{settings.RequiredAgreement} of 3 models, tail factor 1 to {settings.MaxTailFactor} as the tail ratio goes from {settings.TailRatioNormal} to {settings.TailRatioHeavy}); judged point by point as an alert would");
        output.WriteLine("   (no comparator: InfluxDB 1.6 has no anomaly detection; the targets are the issue's)");
        var results = new List<AnomalyBenchResult>(seeds.Count);
        foreach (var seed in seeds)
        {
            var result = AnomalyBenchmark.Run(options.AnomalySeries, seed, settings, parallelism: Environment.ProcessorCount);
            results.Add(result);
            if (seeds.Count == 1)
            {
                Details(result, output);
                continue;
            }

            output.WriteLine($"   seed {seed,3}: detected {result.DetectionRate,7:P1}, false alerts {result.FalseAlerts} = {result.FalseAlertsPer100SeriesDays:0.00} per 100 series-days");
        }

        var injected = results.Sum(r => r.Injected);
        var detected = results.Sum(r => r.Detected);
        var falseAlerts = results.Sum(r => r.FalseAlerts);
        var seriesDays = results.Sum(r => r.CleanSeriesDays);
        var detection = injected == 0 ? 1 : (double)detected / injected;
        var rate = falseAlerts / seriesDays * 100;
        if (seeds.Count > 1)
        {
            output.WriteLine($"   pooled over {seeds.Count} seeds: detected {detected} of {injected} = {detection:P1} (target ≥ {DetectionTarget:P0}; worst seed {results.Min(r => r.DetectionRate):P1}); "
                + $"false alerts {falseAlerts} over {seriesDays:0} series-days = {rate:0.00} per 100 series per day (target ≤ {FalseAlertsPer100SeriesDaysTarget}; "
                + $"95 % upper bound {PoissonUpper(falseAlerts) / seriesDays * 100:0.00}; seeds from {results.Min(r => r.FalseAlertsPer100SeriesDays):0.00} to {results.Max(r => r.FalseAlertsPer100SeriesDays):0.00}, "
                + $"{results.Count(r => r.FalseAlertsPer100SeriesDays > FalseAlertsPer100SeriesDaysTarget)} of {seeds.Count} above the target on their own)");
        }

        var met = detection >= DetectionTarget && rate <= FalseAlertsPer100SeriesDaysTarget;
        output.WriteLine(met ? "   both targets met" : "   TARGET MISSED");
        return options.Quick || met ? ExitOk : ExitFailed;
    }

    static void Details(AnomalyBenchResult result, TextWriter output)
    {
        output.WriteLine($"   detected {result.Detected} of {result.Injected} injected anomalies: {result.DetectionRate:P1} (target ≥ {DetectionTarget:P0})");
        foreach (var (kind, counts) in result.ByKind.OrderBy(k => k.Key, StringComparer.Ordinal))
            output.WriteLine($"     {kind,-14} {counts.Detected}/{counts.Injected}");
        foreach (var missed in result.Missed) output.WriteLine($"     missed: {missed}");
        output.WriteLine($"   false alerts on the clean copies: {result.FalseAlerts} over {result.CleanSeriesDays:0} series-days = {result.FalseAlertsPer100SeriesDays:0.00} per 100 series per day "
            + $"(target ≤ {FalseAlertsPer100SeriesDaysTarget}); by noise: {string.Join(", ", result.FalseAlertsByNoise.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}"))}");
        foreach (var alert in result.FalseAlertDetails) output.WriteLine($"     false alert: {alert}");
        output.WriteLine($"   {result.Evaluations:N0} points judged, {result.FullEvaluations:N0} by the full consensus (the others the MAD model alone rules out), "
            + $"{result.MicrosecondsPerEvaluation:0} µs per full evaluation (wall time on {Environment.ProcessorCount} threads of a shared machine; "
            + "each evaluation re-reads 2-3 days of 1-minute history)");
    }

    static string Seeds(List<int> seeds) => seeds.Count == 1 ? $"{seeds[0]}" : $"{seeds[0]}-{seeds[^1]}";

    /// <summary>
    /// The one-sided 97.5 % upper confidence bound of a Poisson mean after <paramref name="k"/> events (Wilson-Hilferty):
    /// how high the true false-alert count could be and still give as few as were seen.
    /// </summary>
    static double PoissonUpper(int k)
    {
        var n = k + 1.0;
        var cube = 1 - 1 / (9 * n) + 1.959964 / (3 * Math.Sqrt(n));
        return n * cube * cube * cube;
    }
}
