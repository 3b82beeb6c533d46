using Lightning.Benchmarks.FlakyDetection;
using Lightning.Benchmarks.Hosting;

namespace Lightning.Benchmarks;

// --only flaky: benchmark 2 of issue 5, flaky-test detection scored against injected ground truth.
internal static partial class BenchmarkRunner
{
    const double PrecisionTarget = 0.98;
    const double RecallTarget = 0.95;
    const double RerunsPerFailureTarget = 0.2;

    static async Task<int> RunFlakyAsync(BenchOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var runs = options.Quick ? 30 : 80;
        output.WriteLine();
        output.WriteLine($"2 (issue 5). Flaky detection: {(FlakySuite.Modules * FlakySuite.TestsPerModule) + 2} generated pytest tests in a git repository of {runs} commits, "
            + "one imported report per commit, then detection with real pytest reruns and the order check (the real suite reversed)");
        FlakyResult result;
        try
        {
            result = await new FlakyBenchmark(runs, seed: 5, output).RunAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Console.Error.WriteLine($"error: the flaky benchmark failed: {ex}");
            return ExitFailed;
        }

        output.WriteLine($"   confusion: {result.TruePositives} true positives, {result.FalsePositives} false positives, {result.FalseNegatives} false negatives, {result.TrueNegatives} true negatives ({result.InjectedFlaky} injected flaky)");
        output.WriteLine($"   kinds of the flagged: {string.Join("; ", result.KindsFound.Select(k => $"{k.Key} → {k.Value}"))}");
        output.WriteLine($"   precision {result.Precision:P1} (target ≥ {PrecisionTarget:P0}), recall {result.Recall:P1} (target ≥ {RecallTarget:P0}), "
            + $"{result.RerunsPerFailure:0.000} extra runs per failure ({result.Reruns} reruns for {result.Failures} failures; target ≤ {RerunsPerFailureTarget})");
        var order = result.Order;
        output.WriteLine($"   order check: {order.Runs} pytest runs; found {(order.Found.Count == 0 ? "nothing" : string.Join("; ", order.Found))}");
        foreach (var note in order.Notes)
        {
            output.WriteLine($"     {note}");
        }

        output.WriteLine($"   {order.Random} suspect(s) dismissed as random (they passed when their failing order ran again), {order.Unresolved} left unresolved");

        output.WriteLine(order.PairFound
            ? $"   the real order-dependent pair was found, polluter named; {order.Wrong} other dependencies claimed"
            : $"   ORDER PAIR MISSED: the real pair was not found; {order.Wrong} other dependencies claimed");
        output.WriteLine($"   detection took {result.DetectSeconds:0.0} s (order check included)");
        var met = result.Precision >= PrecisionTarget && result.Recall >= RecallTarget && result.RerunsPerFailure <= RerunsPerFailureTarget
            && order.PairFound && order.Wrong == 0;
        output.WriteLine(met ? "   all targets met (precision, recall, reruns per failure, the order pair found and nothing else)" : "   TARGET MISSED");
        return options.Quick || met ? ExitOk : ExitFailed;
    }
}
