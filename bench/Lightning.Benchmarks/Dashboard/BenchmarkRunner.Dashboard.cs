using System.Text.Json;
using Lightning.Benchmarks.Dashboard;

namespace Lightning.Benchmarks;

// --only dashboard: benchmark 6 of issue 6, the dashboard's chart render time and live latency in Chromium.
internal static partial class BenchmarkRunner
{
    const double ChartTargetMs = 60;
    const double LiveTargetMs = 2000;

    static async Task<int> RunDashboardAsync(BenchOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine();
        output.WriteLine("6 (issue 6). Dashboard in Chromium: (a) a 166,000-point chart drawn, (b) a live point from /write to the chart");
        output.WriteLine("   (no comparator: InfluxDB 1.6 has no dashboard; the targets are the issue's)");
        JsonDocument result;
        try
        {
            result = await DashboardBenchmark.RunAsync(options.Quick, output, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            output.WriteLine($"   error: {ex.Message}");
            return ExitFailed;
        }

        using (result)
        {
            var root = result.RootElement;
            var chart = root.GetProperty("chart");
            output.WriteLine($"   Chromium {root.GetProperty("chromium").GetString()} (headless, software rendering); uPlot with the dashboard's chart options, 1200x300 px");
            output.WriteLine($"   (a) {chart.GetProperty("points").GetInt32():N0} points, {chart.GetProperty("create").GetProperty("frame").GetProperty("runs").GetInt32()} runs, in ms (drawn = uPlot's draw hook ran; frame = the next animation frame after it):");
            foreach (var phase in new[] { "create", "setData" })
            {
                var timing = chart.GetProperty(phase);
                output.WriteLine($"       {(phase == "create" ? "new chart" : "setData  ")}  drawn {Figures(timing.GetProperty("drawn"))}   frame {Figures(timing.GetProperty("frame"))}");
            }

            var small = chart.GetProperty("small");
            output.WriteLine($"       a 100-point chart's frame for reference: new chart {Figures(small.GetProperty("create"))}, setData {Figures(small.GetProperty("setData"))}");
            var chartP95 = Math.Max(P95(chart.GetProperty("create").GetProperty("frame")), P95(chart.GetProperty("setData").GetProperty("frame")));
            var chartMet = chartP95 <= ChartTargetMs;
            output.WriteLine($"       frame p95 {chartP95:0.#} ms (target ≤ {ChartTargetMs} ms): {(chartMet ? "met" : "MISSED")}");

            var live = root.GetProperty("live");
            var liveMet = true;
            if (live.ValueKind == JsonValueKind.Object)
            {
                liveMet = P95(live) <= LiveTargetMs;
                output.WriteLine($"   (b) live point written with the current time through /write until drawn by the explorer's chart ({live.GetProperty("mode").GetString()}), "
                    + $"{live.GetProperty("runs").GetInt32()} points: {Figures(live)} ms (target p95 ≤ {LiveTargetMs} ms): {(liveMet ? "met" : "MISSED")}");
            }

            return options.Quick || (chartMet && liveMet) ? ExitOk : ExitFailed;
        }
    }

    static string Figures(JsonElement summary) =>
        $"p50 {summary.GetProperty("p50").GetDouble(),6:0.0} p95 {summary.GetProperty("p95").GetDouble(),6:0.0}";

    static double P95(JsonElement summary) => summary.GetProperty("p95").GetDouble();
}
