using Lightning.Benchmarks.Reporting;
using Lightning.Benchmarks.TestSelection;

namespace Lightning.Benchmarks;

// --only test-selection and --only test-watch: issue 5's benchmarks 1 and 3.
internal static partial class BenchmarkRunner
{
    static async Task<int> RunTestSelectionAsync(BenchOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine();
        output.WriteLine("6. Test selection on a generated pytest history (safe and fast mode against running everything, all through our runner)");
        TestSelectionResult result;
        try
        {
            result = await new TestSelectionBenchmark(options.Quick, output).RunAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Console.Error.WriteLine($"error: the test selection benchmark failed: {ex}");
            return ExitFailed;
        }

        var rows = result.Rows;
        var failures = rows.Sum(row => row.Failures);
        var allMs = rows.Sum(row => row.AllMs);
        var allTests = rows.Sum(row => row.AllTotal);
        output.WriteLine();
        output.WriteLine($"{result.Commits} commits, {result.FaultCommits} with a fault; {rows.Count} sampled commits evaluated, {failures} failing tests among them; "
            + $"{result.Tests} tests; coverage map built once in {result.MapBuildMs:0} ms");
        var table = new TextTable("mode", "failures missed", "caught", "time (select + run) ÷ all", "tests run ÷ all", "ran everything", "target", "verdict");
        var verdicts = true;
        foreach (var (name, pick) in new (string, Func<CommitResult, ModeResult>)[] { ("safe", row => row.Safe!), ("fast", row => row.Fast!) })
        {
            var missed = rows.Sum(row => pick(row).Missed);
            var caught = failures == 0 ? 1 : (failures - missed) / (double)failures;
            var time = rows.Sum(row => pick(row).SelectMs + pick(row).RunMs) / allMs;
            var tests = rows.Sum(row => pick(row).Tests) / (double)allTests;
            var met = name == "safe" ? missed == 0 && time <= 0.5 : caught >= 0.97 && tests <= 0.30;
            verdicts &= met;
            table.Add(name, missed.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{caught:P1}", $"{time:0.000}", $"{tests:0.000}",
                rows.Count(row => pick(row).RunAll).ToString(System.Globalization.CultureInfo.InvariantCulture),
                name == "safe" ? "0 missed, time ≤ 0.50" : "≥ 97% caught, tests ≤ 0.30", met ? "met" : "MISSED");
        }

        output.Write(table.ToString());
        return options.Quick || verdicts ? 0 : ExitFailed;
    }

    static async Task<int> RunTestWatchAsync(BenchOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine();
        output.WriteLine("7. Watch latency: save → first result on a generated 1,000-test pytest suite, against a full 'pytest -p no:cacheprovider -q' run");
        TestWatchResult result;
        try
        {
            result = await new TestWatchBenchmark(options.Quick, output).RunAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Console.Error.WriteLine($"error: the watch benchmark failed: {ex}");
            return ExitFailed;
        }

        static string P(IReadOnlyList<double> values, double fraction) => $"{Stats.Percentile(values.Order().ToList(), fraction):0}";
        output.WriteLine();
        var table = new TextTable("figure (ms)", "ours: watch, save → first result", "full pytest: start → first result", "full pytest: start → end");
        table.Add("p50", P(result.WatchMs, 0.5), P(result.FullFirstMs, 0.5), P(result.FullMs, 0.5));
        table.Add("p95", P(result.WatchMs, 0.95), P(result.FullFirstMs, 0.95), P(result.FullMs, 0.95));
        table.Add("max", P(result.WatchMs, 1), P(result.FullFirstMs, 1), P(result.FullMs, 1));
        output.Write(table.ToString());
        var p50 = Stats.Percentile(result.WatchMs.Order().ToList(), 0.5);
        var p95 = Stats.Percentile(result.WatchMs.Order().ToList(), 0.95);
        var met = p50 <= 1000 && p95 <= 3000;
        output.WriteLine($"{result.WatchMs.Count} saves on {result.Tests} tests; tests run per save: median {Stats.Median(result.SelectedTests.Select(count => (double)count)):0}. "
            + $"Target p50 ≤ 1000 ms, p95 ≤ 3000 ms: {(met ? "met" : "MISSED")}");
        return options.Quick || met ? 0 : ExitFailed;
    }
}
