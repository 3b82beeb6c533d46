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
        output.WriteLine();
        output.WriteLine($"5 (issue 6). Anomaly detection: {options.AnomalySeries} generated series (seed {options.AnomalySeed}), {AnomalyCorpus.HistoryDays} days of history + 1 judged day "
            + $"at 1-minute resolution, each with injected anomalies and as a clean copy; default settings (threshold {settings.Threshold}σ, "
            + $"{settings.RequiredAgreement} of 3 models, tail factor 1 to {settings.MaxTailFactor} as the tail ratio goes from {settings.TailRatioNormal} to {settings.TailRatioHeavy}); judged point by point as an alert would");
        output.WriteLine("   (no comparator: InfluxDB 1.6 has no anomaly detection; the targets are the issue's)");
        var result = AnomalyBenchmark.Run(options.AnomalySeries, options.AnomalySeed, settings, parallelism: Environment.ProcessorCount);
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
        var met = result.DetectionRate >= DetectionTarget && result.FalseAlertsPer100SeriesDays <= FalseAlertsPer100SeriesDaysTarget;
        output.WriteLine(met ? "   both targets met" : "   TARGET MISSED");
        return options.Quick || met ? ExitOk : ExitFailed;
    }
}
